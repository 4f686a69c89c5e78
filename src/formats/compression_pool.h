// CompressionPool: worker threads that compress independent blocks (gzip
// members) side by side, each worker with its own Compressor, so compression
// does not sit on the one thread that formats the rows.
//
// Submit returns a future of the block's compressed bytes; the caller keeps
// the futures in submission order and writes them in that order, so the output
// is the same bytes whatever the threads' timing (CompressedFile does this).
//
// Thread safety: Submit may be called from any thread. Ownership: the pool
// must outlive the futures' use; destroying it finishes the queued blocks and
// joins the workers (a future nobody waits for is simply dropped).
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "formats/compressor.h"

namespace aq {

class CompressionPool {
 public:
  // `threads` workers for `codec` at `level`; the codec's blocks must be independent.
  static Result<std::unique_ptr<CompressionPool>> Make(FileCodec codec, int level, size_t threads);
  ~CompressionPool();
  CompressionPool(const CompressionPool&) = delete;
  CompressionPool& operator=(const CompressionPool&) = delete;

  std::future<Result<std::string>> Submit(std::string block);
  size_t threads() const { return workers_.size(); }

 private:
  struct Task {
    std::string block;
    std::promise<Result<std::string>> done;
  };
  CompressionPool() = default;
  void Work(Compressor* compressor);

  std::vector<std::unique_ptr<Compressor>> compressors_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> tasks_;
  bool stopping_ = false;
};

}  // namespace aq
