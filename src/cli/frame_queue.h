// FrameQueue: single-producer, single-consumer ring of captured frames.
// The reader thread copies each frame (header + bytes) into one worker's ring;
// the worker decodes it from there. Fixed capacity allocated once: a full ring
// makes the reader wait (back-pressure), it never grows.
#pragma once
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>

#include "common/timestamp.h"

namespace vigie::cli {

struct QueuedFrame {
    uint64_t pcap_cnt;
    Timestamp ts;
    uint32_t caplen, wirelen;
    uint16_t linktype;
    const uint8_t* data;  // points into the ring, valid until pop_done()
};

class FrameQueue {
public:
    explicit FrameQueue(size_t capacity_bytes = 8u << 20)
        : cap_(capacity_bytes), buf_(new uint8_t[capacity_bytes]) {}

    // Producer. Blocks (yielding) while the ring is full. Returns false once closed.
    void push(uint64_t pcap_cnt, const Timestamp& ts, const uint8_t* data, uint32_t caplen, uint32_t wirelen,
              uint16_t linktype) {
        const size_t need = record_size(caplen);
        for (;;) {
            const uint64_t head = head_.load(std::memory_order_relaxed);
            const uint64_t tail = tail_.load(std::memory_order_acquire);
            size_t pos = head % cap_;
            size_t pad = (pos + need > cap_) ? cap_ - pos : 0;  // records never wrap: skip to start
            if (head + pad + need - tail <= cap_) {
                if (pad) {
                    Header h{};
                    h.skip = 1;
                    if (cap_ - pos >= sizeof(Header)) std::memcpy(buf_.get() + pos, &h, sizeof h);
                    pos = 0;
                }
                Header h{pcap_cnt, ts, caplen, wirelen, linktype, 0};
                std::memcpy(buf_.get() + pos, &h, sizeof h);
                std::memcpy(buf_.get() + pos + sizeof h, data, caplen);
                head_.store(head + pad + need, std::memory_order_release);
                return;
            }
            std::this_thread::yield();
        }
    }
    void close() { closed_.store(true, std::memory_order_release); }

    // Consumer. Returns false when the queue is closed and drained.
    bool pop(QueuedFrame& out) {
        for (;;) {
            const uint64_t tail = tail_.load(std::memory_order_relaxed);
            const uint64_t head = head_.load(std::memory_order_acquire);
            if (tail == head) {
                if (closed_.load(std::memory_order_acquire) && head_.load(std::memory_order_acquire) == tail)
                    return false;
                std::this_thread::yield();
                continue;
            }
            size_t pos = tail % cap_;
            Header h;
            if (cap_ - pos < sizeof(Header)) {  // tail padding too small to hold a marker
                tail_.store(tail + (cap_ - pos), std::memory_order_release);
                continue;
            }
            std::memcpy(&h, buf_.get() + pos, sizeof h);
            if (h.skip) {
                tail_.store(tail + (cap_ - pos), std::memory_order_release);
                continue;
            }
            out = QueuedFrame{h.pcap_cnt, h.ts, h.caplen, h.wirelen, h.linktype, buf_.get() + pos + sizeof h};
            pending_ = record_size(h.caplen);
            return true;
        }
    }
    void pop_done() { tail_.store(tail_.load(std::memory_order_relaxed) + pending_, std::memory_order_release); }

private:
    struct Header {
        uint64_t pcap_cnt;
        Timestamp ts;
        uint32_t caplen, wirelen;
        uint16_t linktype;
        uint16_t skip;
    };
    static size_t record_size(uint32_t caplen) { return (sizeof(Header) + caplen + 7) & ~size_t(7); }

    const size_t cap_;
    std::unique_ptr<uint8_t[]> buf_;
    alignas(64) std::atomic<uint64_t> head_{0};
    alignas(64) std::atomic<uint64_t> tail_{0};
    alignas(64) std::atomic<bool> closed_{false};
    size_t pending_ = 0;
};

}  // namespace vigie::cli
