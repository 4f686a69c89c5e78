#include "pipeline/ordered_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>
#include <utility>
#include <vector>

namespace aq {
namespace {

std::unique_ptr<RecordBatch> MakeBatch(uint64_t unit, uint64_t chunk, bool last) {
  auto batch = std::make_unique<RecordBatch>();
  batch->origin.unit = unit;
  batch->origin.chunk = chunk;
  batch->origin.last_in_unit = last;
  return batch;
}

using Key = std::pair<uint64_t, uint64_t>;

// Runs `body` on another thread; if it has not finished within a generous limit (a deadlock),
// cancels `queue` so every blocked thread returns, and fails the test.
void RunWithDeadlockGuard(OrderedQueue& queue, const std::function<void()>& body) {
  auto done = std::async(std::launch::async, body);
  if (done.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    queue.Cancel(Internal("deadlock guard"));
    done.wait();
    FAIL() << "the queue deadlocked";
  }
  done.get();
}

TEST(OrderedQueueTest, OutOfOrderPushesComeOutInSourceOrder) {
  OrderedQueue queue(16);
  // Unit 0 has chunks 0..2, unit 1 has one chunk, unit 2 has chunks 0..1.
  std::vector<Key> pushes = {{2, 1}, {1, 0}, {0, 2}, {2, 0}, {0, 0}, {0, 1}};
  for (auto [unit, chunk] : pushes) {
    bool last = (unit == 0 && chunk == 2) || unit == 1 || (unit == 2 && chunk == 1);
    ASSERT_TRUE(queue.Push(MakeBatch(unit, chunk, last)));
  }
  std::vector<Key> popped;
  while (auto batch = queue.Pop(3)) popped.emplace_back(batch->origin.unit, batch->origin.chunk);
  EXPECT_EQ(popped, (std::vector<Key>{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {2, 0}, {2, 1}}));
  EXPECT_TRUE(queue.error().ok());
}

TEST(OrderedQueueTest, FullQueueStillAcceptsTheBatchTheWriterWaitsFor) {
  OrderedQueue queue(2);
  RunWithDeadlockGuard(queue, [&] {
    ASSERT_TRUE(queue.Push(MakeBatch(0, 1, false)));
    ASSERT_TRUE(queue.Push(MakeBatch(0, 2, false)));  // full now
    // Another producer has a later batch: it blocks until there is room.
    std::thread blocked([&] { EXPECT_TRUE(queue.Push(MakeBatch(0, 3, true))); });
    // The batch the writer needs arrives last, into a full queue: it must not block.
    EXPECT_TRUE(queue.Push(MakeBatch(0, 0, false)));
    std::vector<uint64_t> chunks;
    while (auto batch = queue.Pop(1)) chunks.push_back(batch->origin.chunk);
    blocked.join();
    EXPECT_EQ(chunks, (std::vector<uint64_t>{0, 1, 2, 3}));
  });
}

TEST(OrderedQueueTest, ManyProducersAndASmallQueueDeliverEverythingInOrder) {
  constexpr uint64_t kUnits = 40;
  constexpr int kProducers = 4;
  OrderedQueue queue(3);
  RunWithDeadlockGuard(queue, [&] {
    std::atomic<uint64_t> next_unit{0};
    std::vector<std::thread> producers;
    producers.reserve(kProducers);
    for (int t = 0; t < kProducers; ++t) {
      producers.emplace_back([&] {
        for (uint64_t u = next_unit++; u < kUnits; u = next_unit++) {
          uint64_t chunks = 1 + u % 5;
          for (uint64_t c = 0; c < chunks; ++c) {
            if (!queue.Push(MakeBatch(u, c, c + 1 == chunks))) return;
          }
        }
      });
    }
    std::vector<Key> popped;
    while (auto batch = queue.Pop(kUnits))
      popped.emplace_back(batch->origin.unit, batch->origin.chunk);
    for (auto& p : producers) p.join();
    std::vector<Key> expected;
    for (uint64_t u = 0; u < kUnits; ++u) {
      for (uint64_t c = 0; c < 1 + u % 5; ++c) expected.emplace_back(u, c);
    }
    EXPECT_EQ(popped, expected);
  });
}

TEST(OrderedQueueTest, CancelWakesBlockedProducersAndTheConsumer) {
  OrderedQueue queue(1);
  RunWithDeadlockGuard(queue, [&] {
    ASSERT_TRUE(queue.Push(MakeBatch(0, 1, false)));  // full, and not the one needed
    std::promise<bool> producer_result;
    std::thread producer([&] { producer_result.set_value(queue.Push(MakeBatch(0, 2, true))); });
    std::promise<bool> consumer_got_null;
    std::thread consumer([&] { consumer_got_null.set_value(queue.Pop(1) == nullptr); });
    queue.Cancel(IoError("reading failed"));
    queue.Cancel(Internal("second error is ignored"));
    EXPECT_FALSE(producer_result.get_future().get());
    EXPECT_TRUE(consumer_got_null.get_future().get());
    producer.join();
    consumer.join();
    EXPECT_EQ(queue.error().code(), StatusCode::kIoError);
    EXPECT_EQ(queue.error().message(), "reading failed");
    EXPECT_FALSE(queue.Push(MakeBatch(0, 0, true)));
  });
}

TEST(OrderedQueueTest, PopReturnsNullOnceAllUnitsAreDone) {
  OrderedQueue queue(4);
  ASSERT_TRUE(queue.Push(MakeBatch(0, 0, true)));
  EXPECT_NE(queue.Pop(1), nullptr);
  EXPECT_EQ(queue.Pop(1), nullptr);
  EXPECT_EQ(queue.Pop(0), nullptr);
}

}  // namespace
}  // namespace aq
