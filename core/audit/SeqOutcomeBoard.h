#pragma once
// What the producer was told about each sequence number of a run, published without a lock: the run thread sets
// one bit per delivery report (acknowledged or failed) and the end-to-end tracker (audit/E2eTracker) reads them.
//
// Memory is a ring of chunks of 65,536 sequence numbers (two atomic bitsets, 16 KiB per chunk). A chunk slot is
// allocated once, on first use, and reused for the chunk `ringChunks` further on once the tracker has judged every
// sequence of the old one (recycle()); a run of a known count sizes the ring to hold it whole, a monitor that runs
// for hours keeps a fixed ring. A report for a sequence whose slot still holds an older chunk (the tracker more
// than a ring behind) is not recorded; overflowed() counts those.
//
// Why no use-after-free: slots are never freed while the board lives, and a slot is recycled only when every
// sequence of its chunk has had its one delivery report, so no producer write to the old chunk can follow.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace acklab {

class SeqOutcomeBoard {
public:
    static constexpr int kChunkBits = 16;
    static constexpr int64_t kChunkSeqs = int64_t{1} << kChunkBits;  // sequence numbers per chunk
    static constexpr size_t kWords = static_cast<size_t>(kChunkSeqs / 64);

    // Enough chunks for `expectedSeqs` sequence numbers (at least 1, at most `maxChunks`).
    static size_t chunksFor(int64_t expectedSeqs, size_t maxChunks = 4096);

    explicit SeqOutcomeBoard(size_t ringChunks);
    ~SeqOutcomeBoard();
    SeqOutcomeBoard(const SeqOutcomeBoard&) = delete;
    SeqOutcomeBoard& operator=(const SeqOutcomeBoard&) = delete;

    // The run thread's side: one call per delivery report. Lock-free; allocates a slot's 16 KiB once.
    void acknowledged(int64_t seq) { set(seq, Bit::Acked); }
    void failed(int64_t seq) { set(seq, Bit::Failed); }

    // The tracker's side.
    size_t ringChunks() const { return ring_; }
    // Whether `chunk` (sequence numbers chunk * kChunkSeqs ...) is the one its slot holds now.
    bool hosts(int64_t chunk) const;
    // Whether a hosted chunk has had any report (its bits exist); cheap, for skipping unused slots.
    bool used(int64_t chunk) const { return chunkOf(chunk) != nullptr; }
    // Word `w` (64 sequence numbers) of a hosted chunk's bitsets; 0 when the slot was never used.
    uint64_t ackedWord(int64_t chunk, size_t w) const;
    uint64_t failedWord(int64_t chunk, size_t w) const;
    // Clears the slot of `chunk` and hands it to chunk + ringChunks(). Only once every sequence of `chunk` has
    // had its delivery report.
    void recycle(int64_t chunk);
    uint64_t overflowed() const { return overflowed_.load(std::memory_order_relaxed); }

private:
    enum class Bit { Acked, Failed };
    struct Chunk {
        std::atomic<uint64_t> acked[kWords];
        std::atomic<uint64_t> failed[kWords];
    };
    struct Slot {
        std::atomic<int64_t> chunk{0};        // which chunk the slot holds
        std::atomic<Chunk*> bits{nullptr};    // allocated on first use, freed with the board
    };

    void set(int64_t seq, Bit bit);
    const Chunk* chunkOf(int64_t chunk) const;

    size_t ring_;
    std::unique_ptr<Slot[]> slots_;
    std::atomic<uint64_t> overflowed_{0};
};

}  // namespace acklab
