#include "scenario/SvgChart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace acklab {
namespace {

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v);
    return b;
}

std::string tickText(double v) {
    char b[32];
    if (std::fabs(v) >= 1e6) std::snprintf(b, sizeof b, "%.3gM", v / 1e6);
    else if (std::fabs(v) >= 1e4) std::snprintf(b, sizeof b, "%.3gk", v / 1e3);
    else std::snprintf(b, sizeof b, "%g", std::round(v * 100) / 100);
    return b;
}

}  // namespace

SvgChart::SvgChart(std::string title, std::string xLabel, std::string yLabel, int width, int height)
    : title_(std::move(title)), xLabel_(std::move(xLabel)), yLabel_(std::move(yLabel)), width_(width), height_(height) {}

void SvgChart::addSeries(Series s) { series_.push_back(std::move(s)); }

void SvgChart::addMarker(double x, std::string label) { markers_.emplace_back(x, std::move(label)); }

double SvgChart::niceCeil(double v) {
    if (!(v > 0) || !std::isfinite(v)) return 1;
    const double e = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (v <= m * e * (1 + 1e-9)) return m * e;
    return 10 * e;
}

std::string SvgChart::escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string SvgChart::render() const {
    const double left = 62, right = 16, top = 30, bottom = 42;
    const double pw = width_ - left - right, ph = height_ - top - bottom;
    double maxX = 0, maxY = 0;
    bool any = false;
    for (const auto& s : series_)
        for (const auto& [x, y] : s.points) {
            if (!std::isfinite(x) || !std::isfinite(y)) continue;
            maxX = std::max(maxX, x);
            maxY = std::max(maxY, y);
            any = true;
        }
    for (const auto& m : markers_)
        if (std::isfinite(m.first)) maxX = std::max(maxX, m.first);
    maxX = niceCeil(maxX);
    maxY = niceCeil(maxY);
    auto px = [&](double x) { return left + pw * std::clamp(x / maxX, 0.0, 1.0); };
    auto py = [&](double y) { return top + ph * (1 - std::clamp(y / maxY, 0.0, 1.0)); };

    std::ostringstream o;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width_ << "\" height=\"" << height_
      << "\" viewBox=\"0 0 " << width_ << ' ' << height_ << "\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">"
      << "<title>" << escape(title_) << "</title>"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
      << "<text x=\"" << left << "\" y=\"18\" font-size=\"13\" font-weight=\"bold\">" << escape(title_) << "</text>";
    // Grid and ticks.
    for (int i = 0; i <= 5; ++i) {
        const double yv = maxY * i / 5, y = py(yv);
        o << "<line x1=\"" << left << "\" y1=\"" << num(y) << "\" x2=\"" << num(left + pw) << "\" y2=\"" << num(y)
          << "\" stroke=\"#e3e3e3\"/>"
          << "<text x=\"" << num(left - 6) << "\" y=\"" << num(y + 4) << "\" text-anchor=\"end\" fill=\"#444\">"
          << tickText(yv) << "</text>";
        const double xv = maxX * i / 5, x = px(xv);
        o << "<line x1=\"" << num(x) << "\" y1=\"" << num(top + ph) << "\" x2=\"" << num(x) << "\" y2=\""
          << num(top + ph + 4) << "\" stroke=\"#888\"/>"
          << "<text x=\"" << num(x) << "\" y=\"" << num(top + ph + 16) << "\" text-anchor=\"middle\" fill=\"#444\">"
          << tickText(xv) << "</text>";
    }
    o << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << num(pw) << "\" height=\"" << num(ph)
      << "\" fill=\"none\" stroke=\"#888\"/>";
    o << "<text x=\"" << num(left + pw / 2) << "\" y=\"" << (height_ - 6) << "\" text-anchor=\"middle\" fill=\"#333\">"
      << escape(xLabel_) << "</text>";
    o << "<text transform=\"translate(14 " << num(top + ph / 2) << ") rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">"
      << escape(yLabel_) << "</text>";
    // Fault markers.
    for (size_t i = 0; i < markers_.size(); ++i) {
        const double x = px(markers_[i].first);
        o << "<line x1=\"" << num(x) << "\" y1=\"" << top << "\" x2=\"" << num(x) << "\" y2=\"" << num(top + ph)
          << "\" stroke=\"#d62728\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\"><title>" << escape(markers_[i].second)
          << "</title></line>"
          << "<text x=\"" << num(x + 3) << "\" y=\"" << num(top + 11 + 11.0 * static_cast<double>(i % 4))
          << "\" fill=\"#d62728\" font-size=\"10\">"
          << escape(markers_[i].second.size() > 34 ? markers_[i].second.substr(0, 32) + "…" : markers_[i].second)
          << "</text>";
    }
    // Series.
    for (const auto& s : series_) {
        if (s.points.empty()) continue;
        o << "<polyline fill=\"none\" stroke=\"" << escape(s.color) << "\" stroke-width=\"1.6\""
          << (s.dashed ? " stroke-dasharray=\"4 3\"" : "") << " points=\"";
        for (const auto& [x, y] : s.points)
            if (std::isfinite(x) && std::isfinite(y)) o << num(px(x)) << ',' << num(py(y)) << ' ';
        o << "\"><title>" << escape(s.name) << "</title></polyline>";
    }
    if (!any)
        o << "<text x=\"" << num(left + pw / 2) << "\" y=\"" << num(top + ph / 2)
          << "\" text-anchor=\"middle\" fill=\"#999\">no data</text>";
    // Legend, top right inside the plot.
    double ly = top + 12;
    if (!series_.empty())
        o << "<rect x=\"" << num(left + pw - 176) << "\" y=\"" << num(top + 2) << "\" width=\"172\" height=\""
          << num(14.0 * static_cast<double>(series_.size()) + 4) << "\" fill=\"#fff\" fill-opacity=\"0.85\"/>";
    for (const auto& s : series_) {
        const double lx = left + pw - 170;
        o << "<line x1=\"" << num(lx) << "\" y1=\"" << num(ly - 4) << "\" x2=\"" << num(lx + 22) << "\" y2=\"" << num(ly - 4)
          << "\" stroke=\"" << escape(s.color) << "\" stroke-width=\"2\"" << (s.dashed ? " stroke-dasharray=\"4 3\"" : "")
          << "/><text x=\"" << num(lx + 27) << "\" y=\"" << num(ly) << "\" fill=\"#222\">" << escape(s.name) << "</text>";
        ly += 14;
    }
    o << "</svg>";
    return o.str();
}

}  // namespace acklab
