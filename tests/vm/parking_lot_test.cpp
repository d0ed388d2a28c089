// The parking lot behind memory.atomic.wait/notify: exact wake counts,
// addresses kept apart, timeouts honoured, interruption, no lost wake-up.
#include "vm/parking_lot.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace kiln {
namespace {

using namespace std::chrono_literals;
using Result = ParkingLot::ParkResult;

/// Blocks until `count` threads are parked on `address`.
void awaitParked(const void* address, uint32_t count) {
  while (ParkingLot::parkedOn(address) < count) std::this_thread::sleep_for(1ms);
}

TEST(ParkingLot, MismatchDoesNotPark) {
  int cell = 0;
  EXPECT_EQ(ParkingLot::park(&cell, [] { return false; }, std::nullopt), Result::Mismatch);
  EXPECT_EQ(ParkingLot::parkedOn(&cell), 0u);
}

TEST(ParkingLot, TimeoutIsHonoured) {
  int cell = 0;
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ParkingLot::park(&cell, [] { return true; }, 30ms), Result::TimedOut);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  EXPECT_EQ(ParkingLot::parkedOn(&cell), 0u);  // a timed-out waiter leaves
  EXPECT_EQ(ParkingLot::park(&cell, [] { return true; }, 0ns), Result::TimedOut);
}

TEST(ParkingLot, UnparkWithoutWaitersWakesNone) {
  int cell = 0;
  EXPECT_EQ(ParkingLot::unpark(&cell, 5), 0u);
}

TEST(ParkingLot, NotifyCountIsExact) {
  int cell = 0;
  std::atomic<int> woken{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&] {
      if (ParkingLot::park(&cell, [] { return true; }, std::nullopt) == Result::Woken) ++woken;
    });
  }
  awaitParked(&cell, 5);
  EXPECT_EQ(ParkingLot::unpark(&cell, 2), 2u);
  EXPECT_EQ(ParkingLot::parkedOn(&cell), 3u);
  EXPECT_EQ(ParkingLot::unpark(&cell, 0), 0u);
  EXPECT_EQ(ParkingLot::unpark(&cell, 100), 3u);
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(woken.load(), 5);
}

TEST(ParkingLot, DifferentAddressesNeverWakeEachOther) {
  // Many addresses share buckets: neighbours and far-apart ones.
  int cells[64] = {};
  std::vector<std::thread> threads;
  std::atomic<int> wokenOdd{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      EXPECT_EQ(ParkingLot::park(&cells[i], [] { return true; }, std::nullopt), Result::Woken);
      if (i % 2) ++wokenOdd;
    });
  }
  for (int i = 0; i < 8; ++i) awaitParked(&cells[i], 1);
  for (int i = 1; i < 8; i += 2) EXPECT_EQ(ParkingLot::unpark(&cells[i], 10), 1u);
  for (int i = 8; i < 64; ++i) EXPECT_EQ(ParkingLot::unpark(&cells[i], 10), 0u);
  for (int i = 0; i < 8; i += 2) EXPECT_EQ(ParkingLot::parkedOn(&cells[i]), 1u);
  for (int i = 0; i < 8; i += 2) EXPECT_EQ(ParkingLot::unpark(&cells[i], 10), 1u);
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wokenOdd.load(), 4);
}

TEST(ParkingLot, InterruptionIsPolledWhileParked) {
  int cell = 0;
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    awaitParked(&cell, 1);
    std::this_thread::sleep_for(20ms);
    stop = true;
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ParkingLot::park(&cell, [] { return true; }, std::nullopt, [&] { return stop.load(); }),
            Result::Interrupted);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
  stopper.join();
  EXPECT_EQ(ParkingLot::parkedOn(&cell), 0u);
}

TEST(ParkingLot, PollingWaiterIsStillWokenAndTimedOut) {
  int cell = 0;
  auto never = [] { return false; };
  std::thread waiter([&] {
    EXPECT_EQ(ParkingLot::park(&cell, [] { return true; }, std::nullopt, never), Result::Woken);
  });
  awaitParked(&cell, 1);
  std::this_thread::sleep_for(3 * ParkingLot::kInterruptPoll);  // it polled meanwhile
  EXPECT_EQ(ParkingLot::unpark(&cell, 1), 1u);
  waiter.join();
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ParkingLot::park(&cell, [] { return true; }, 17ms, never), Result::TimedOut);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 17ms);
}

TEST(ParkingLot, NoLostWakeUp) {
  // The check and the parking are one step under the bucket's lock: a
  // store then notify between them cannot be missed.
  std::atomic<int> flag{0};
  for (int round = 0; round < 2000; ++round) {
    flag = 0;
    std::thread waiter([&] {
      while (flag.load() == 0) {
        ParkingLot::park(&flag, [&] { return flag.load() == 0; }, std::nullopt);
      }
    });
    flag = 1;
    ParkingLot::unpark(&flag, 1);
    waiter.join();
  }
}

}  // namespace
}  // namespace kiln
