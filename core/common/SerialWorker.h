#pragma once
// One background thread that runs tasks in the order they were posted. The window hands it everything that
// may take long (a run's teardown, fault undos, a Local Kafka restart), so its event loop never waits; tasks
// that touch the same objects stay ordered (a fault fired on a session runs before that session is torn down).
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace acklab {

class SerialWorker {
public:
    SerialWorker() = default;
    ~SerialWorker();  // runs what is still queued, then joins
    SerialWorker(const SerialWorker&) = delete;
    SerialWorker& operator=(const SerialWorker&) = delete;

    void post(std::function<void()> task);
    bool idle() const;                 // nothing queued or running
    void waitIdle();                   // for tests and shutdown
    size_t pending() const;

private:
    void threadMain();

    mutable std::mutex mutex_;
    std::condition_variable cv_, idleCv_;
    std::deque<std::function<void()>> tasks_;
    bool running_ = false;  // a task is being run
    bool stopping_ = false;
    std::thread thread_;    // started on the first post
};

}  // namespace acklab
