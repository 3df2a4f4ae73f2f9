#include "monitor/MetricsServer.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace acklab {

MetricsServer::MetricsServer() = default;

MetricsServer::~MetricsServer() { stop(); }

int MetricsServer::start(const std::string& host, int port, Body body, std::string* error) {
    stop();
    server_ = std::make_unique<httplib::Server>();
    // SO_REUSEADDR only (a restart may rebind at once). httplib's default adds SO_REUSEPORT, with which a second
    // monitor on the same port binds without error and the kernel deals the scrapes out between the two.
    server_->set_socket_options([](socket_t sock) {
        const int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_->Get("/metrics", [body = std::move(body)](const httplib::Request&, httplib::Response& res) {
        res.set_content(body(), "text/plain; version=0.0.4; charset=utf-8");
    });
    server_->Get("/", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("AckLab monitor: metrics at /metrics\n", "text/plain");
    });
    int bound = port;
    if (port == 0) bound = server_->bind_to_any_port(host);
    else if (!server_->bind_to_port(host, port)) bound = -1;
    if (bound <= 0) {
        if (error) *error = "cannot listen on " + host + ":" + std::to_string(port) + " (in use, or not an address of this machine)";
        server_.reset();
        return -1;
    }
    host_ = host;
    port_ = bound;
    done_ = std::make_shared<std::atomic<bool>>(false);
    thread_ = std::thread([s = server_.get(), done = done_] {
        s->listen_after_bind();
        done->store(true);
    });
    // Serving within microseconds; waited for (bounded) so that a scrape right after start() is answered.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!server_->is_running() && !done_->load() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return bound;
}

void MetricsServer::stop() {
    // httplib's stop() does nothing until listen_after_bind() has begun: repeated until the thread has returned,
    // so a stop() right after start() cannot leave it listening and the join waiting for ever.
    while (server_ && thread_.joinable() && !done_->load()) {
        server_->stop();
        if (!done_->load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (thread_.joinable()) thread_.join();
    server_.reset();
    port_ = -1;
}

std::string MetricsServer::url() const {
    return running() ? "http://" + host_ + ":" + std::to_string(port_) + "/metrics" : "";
}

std::pair<std::string, int> MetricsServer::parseAddress(const std::string& s) {
    const auto colon = s.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == s.size())
        throw std::invalid_argument("'" + s + "' is not HOST:PORT (e.g. 127.0.0.1:9464)");
    int port = -1;
    try {
        size_t used = 0;
        port = std::stoi(s.substr(colon + 1), &used);
        if (used != s.size() - colon - 1) port = -1;
    } catch (const std::exception&) {
        port = -1;
    }
    if (port < 0 || port > 65535) throw std::invalid_argument("port '" + s.substr(colon + 1) + "' is not 0 to 65535");
    return {s.substr(0, colon), port};
}

}  // namespace acklab
