// OrderedQueue: hands batches produced out of order by the readers to the
// single writer in source order ((unit, chunk) order), holding at most
// `capacity` batches. A producer blocks while the queue is full unless its
// batch is the very one the writer waits for, so the pipeline cannot deadlock
// and memory stays bounded.
//
// Thread safety: any number of producers, one consumer.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "common/status.h"
#include "normalize/record_batch.h"

namespace aq {

class OrderedQueue {
 public:
  explicit OrderedQueue(size_t capacity) : capacity_(capacity) {}

  // Returns false if the queue was cancelled (the run is failing): stop producing.
  bool Push(std::unique_ptr<RecordBatch> batch) {
    std::unique_lock lock(mu_);
    Key key{batch->origin.unit, batch->origin.chunk};
    space_.wait(lock, [&] { return cancelled_ || items_.size() < capacity_ || key == next_; });
    if (cancelled_) return false;
    items_.emplace(key, std::move(batch));
    ready_.notify_all();
    return true;
  }

  // Next batch in order; nullptr once `total_units` units are done or the queue is cancelled.
  std::unique_ptr<RecordBatch> Pop(uint64_t total_units) {
    std::unique_lock lock(mu_);
    ready_.wait(lock,
                [&] { return cancelled_ || next_.first >= total_units || items_.count(next_); });
    if (cancelled_ || next_.first >= total_units) return nullptr;
    auto node = items_.extract(next_);
    std::unique_ptr<RecordBatch> batch = std::move(node.mapped());
    next_ =
        batch->origin.last_in_unit ? Key{next_.first + 1, 0} : Key{next_.first, next_.second + 1};
    space_.notify_all();
    return batch;
  }

  // Stops everything with `status` (the first one wins).
  void Cancel(Status status) {
    std::lock_guard lock(mu_);
    if (!cancelled_) error_ = std::move(status);
    cancelled_ = true;
    space_.notify_all();
    ready_.notify_all();
  }

  Status error() const {
    std::lock_guard lock(mu_);
    return error_;
  }

 private:
  using Key = std::pair<uint64_t, uint64_t>;
  mutable std::mutex mu_;
  std::condition_variable space_, ready_;
  std::map<Key, std::unique_ptr<RecordBatch>> items_;
  Key next_{0, 0};
  size_t capacity_;
  bool cancelled_ = false;
  Status error_;
};

}  // namespace aq
