#pragma once
// A line chart as a self-contained SVG element (no scripts, no external fonts), rendered headless in C++ for
// the HTML report: series over time, vertical markers (faults), axes with round ticks, a legend.
#include <string>
#include <utility>
#include <vector>

namespace acklab {

class SvgChart {
public:
    struct Series {
        std::string name;
        std::string color;  // CSS colour, e.g. "#1f77b4"
        bool dashed = false;
        std::vector<std::pair<double, double>> points;  // (x, y), x ascending
    };

    SvgChart(std::string title, std::string xLabel, std::string yLabel, int width = 660, int height = 270);

    void addSeries(Series s);
    void addMarker(double x, std::string label);  // a vertical line at x with a label
    std::string render() const;                    // "<svg ...>...</svg>"

    // Rounds up to 1, 2, 2.5 or 5 × 10^k (axis maxima).
    static double niceCeil(double v);
    static std::string escape(const std::string& text);  // XML text / attribute escape

private:
    std::string title_, xLabel_, yLabel_;
    int width_, height_;
    std::vector<Series> series_;
    std::vector<std::pair<double, std::string>> markers_;
};

}  // namespace acklab
