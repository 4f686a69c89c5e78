#include "formats/compression_pool.h"

namespace aq {

Result<std::unique_ptr<CompressionPool>> CompressionPool::Make(FileCodec codec, int level,
                                                               size_t threads) {
  std::unique_ptr<CompressionPool> pool(new CompressionPool());
  for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i) {
    AQ_ASSIGN_OR_RETURN(std::unique_ptr<Compressor> compressor, Compressor::Make(codec, level));
    if (!compressor->blocks_are_independent()) {
      return Internal(std::string(CodecName(codec)) + " blocks cannot be compressed apart");
    }
    pool->compressors_.push_back(std::move(compressor));
  }
  for (auto& compressor : pool->compressors_)
    pool->workers_.emplace_back([p = pool.get(), c = compressor.get()] { p->Work(c); });
  return pool;
}

CompressionPool::~CompressionPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& worker : workers_) worker.join();
}

std::future<Result<std::string>> CompressionPool::Submit(std::string block) {
  Task task{std::move(block), {}};
  std::future<Result<std::string>> result = task.done.get_future();
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
  return result;
}

void CompressionPool::Work(Compressor* compressor) {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and every queued block is done
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    compressor->Reset();
    Result<std::string_view> bytes = compressor->CompressBlock(task.block);
    if (bytes.ok()) {
      task.done.set_value(std::string(*bytes));
    } else {
      task.done.set_value(bytes.status());
    }
  }
}

}  // namespace aq
