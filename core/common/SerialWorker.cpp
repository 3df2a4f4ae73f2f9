#include "common/SerialWorker.h"

namespace acklab {

SerialWorker::~SerialWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SerialWorker::post(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
        if (!thread_.joinable()) thread_ = std::thread([this] { threadMain(); });
    }
    cv_.notify_one();
}

bool SerialWorker::idle() const {
    std::lock_guard lock(mutex_);
    return tasks_.empty() && !running_;
}

size_t SerialWorker::pending() const {
    std::lock_guard lock(mutex_);
    return tasks_.size() + (running_ ? 1 : 0);
}

void SerialWorker::waitIdle() {
    std::unique_lock lock(mutex_);
    idleCv_.wait(lock, [this] { return tasks_.empty() && !running_; });
}

void SerialWorker::threadMain() {
    std::unique_lock lock(mutex_);
    for (;;) {
        cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) break;  // stopping, and everything posted has run
        auto task = std::move(tasks_.front());
        tasks_.pop_front();
        running_ = true;
        lock.unlock();
        try {
            task();
        } catch (...) {
            // A task reports its own failures; one that throws must not take the worker (and later tasks) down.
        }
        task = nullptr;  // what the task captured goes here, off the caller's thread
        lock.lock();
        running_ = false;
        if (tasks_.empty()) idleCv_.notify_all();
    }
    idleCv_.notify_all();
}

}  // namespace acklab
