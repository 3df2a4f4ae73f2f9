#include "audit/SeqOutcomeBoard.h"

#include <algorithm>

namespace acklab {

size_t SeqOutcomeBoard::chunksFor(int64_t expectedSeqs, size_t maxChunks) {
    const int64_t n = std::max<int64_t>(expectedSeqs, 1);
    return std::clamp<size_t>(static_cast<size_t>((n + kChunkSeqs - 1) / kChunkSeqs), 1, std::max<size_t>(maxChunks, 1));
}

SeqOutcomeBoard::SeqOutcomeBoard(size_t ringChunks) : ring_(std::max<size_t>(ringChunks, 1)), slots_(new Slot[ring_]) {
    for (size_t i = 0; i < ring_; ++i) slots_[i].chunk.store(static_cast<int64_t>(i), std::memory_order_relaxed);
}

SeqOutcomeBoard::~SeqOutcomeBoard() {
    for (size_t i = 0; i < ring_; ++i) delete slots_[i].bits.load(std::memory_order_acquire);
}

void SeqOutcomeBoard::set(int64_t seq, Bit bit) {
    if (seq < 0) return;
    const int64_t chunk = seq >> kChunkBits;
    Slot& s = slots_[static_cast<size_t>(chunk) % ring_];
    if (s.chunk.load(std::memory_order_acquire) != chunk) {
        overflowed_.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    Chunk* c = s.bits.load(std::memory_order_acquire);
    if (!c) {
        // Once per slot for the board's life: value-initialised (all bits clear), published with a CAS.
        auto* fresh = new Chunk();
        if (s.bits.compare_exchange_strong(c, fresh, std::memory_order_acq_rel)) c = fresh;
        else delete fresh;  // another writer was first; c now holds its chunk
    }
    const auto off = static_cast<size_t>(seq & (kChunkSeqs - 1));
    auto& word = bit == Bit::Acked ? c->acked[off / 64] : c->failed[off / 64];
    word.fetch_or(uint64_t{1} << (off % 64), std::memory_order_release);
}

bool SeqOutcomeBoard::hosts(int64_t chunk) const {
    return chunk >= 0 && slots_[static_cast<size_t>(chunk) % ring_].chunk.load(std::memory_order_acquire) == chunk;
}

const SeqOutcomeBoard::Chunk* SeqOutcomeBoard::chunkOf(int64_t chunk) const {
    if (!hosts(chunk)) return nullptr;
    return slots_[static_cast<size_t>(chunk) % ring_].bits.load(std::memory_order_acquire);
}

uint64_t SeqOutcomeBoard::ackedWord(int64_t chunk, size_t w) const {
    const Chunk* c = chunkOf(chunk);
    return c && w < kWords ? c->acked[w].load(std::memory_order_acquire) : 0;
}

uint64_t SeqOutcomeBoard::failedWord(int64_t chunk, size_t w) const {
    const Chunk* c = chunkOf(chunk);
    return c && w < kWords ? c->failed[w].load(std::memory_order_acquire) : 0;
}

void SeqOutcomeBoard::recycle(int64_t chunk) {
    if (!hosts(chunk)) return;
    Slot& s = slots_[static_cast<size_t>(chunk) % ring_];
    if (Chunk* c = s.bits.load(std::memory_order_acquire)) {
        for (size_t w = 0; w < kWords; ++w) {
            c->acked[w].store(0, std::memory_order_relaxed);
            c->failed[w].store(0, std::memory_order_relaxed);
        }
    }
    // Release: a writer that sees the new chunk number also sees the cleared bits.
    s.chunk.store(chunk + static_cast<int64_t>(ring_), std::memory_order_release);
}

}  // namespace acklab
