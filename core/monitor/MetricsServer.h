#pragma once
// The monitor's Prometheus endpoint: GET /metrics answers with what `body` returns (the text exposition format),
// GET / with a pointer to it. Served by Debian's cpp-httplib on a thread of its own; the CLI and the window
// both use it. Bind failures are reported, never thrown past start().
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace acklab {

class MetricsServer {
public:
    using Body = std::function<std::string()>;

    MetricsServer();
    ~MetricsServer();  // stops
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    // Listens on host:port (port 0: any free port) and serves until stop(). Returns the port bound, or -1 with
    // *error naming the address that could not be bound.
    int start(const std::string& host, int port, Body body, std::string* error);
    void stop();
    bool running() const { return thread_.joinable(); }
    std::string url() const;  // "http://127.0.0.1:9464/metrics"; "" when not running

    // "HOST:PORT" -> {host, port}; throws std::invalid_argument naming what is wrong.
    static std::pair<std::string, int> parseAddress(const std::string& text);

private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    std::shared_ptr<std::atomic<bool>> done_;  // the listening thread has returned
    std::string host_;
    int port_ = -1;
};

}  // namespace acklab
