// Pooled audio batch buffers; see audio_buffer.hpp.
#include "server/service/audio_buffer.hpp"

namespace salotto::service {

namespace detail {
struct AudioPoolCore {
    std::vector<std::unique_ptr<AudioBlock>> all;
    std::vector<AudioBlock*> free;
};
}  // namespace detail

void AudioMessage::reset() noexcept {
    detail::AudioBlock* block = std::exchange(block_, nullptr);
    if (!block || --block->refs > 0) return;
    // Back to the free list. `core` may hold the last reference to the pool, in
    // which case the pool (and this block) goes away at the end of this scope.
    auto core = std::move(block->home);
    block->size = 0;
    block->prefix = 0;
    block->frames = 0;
    core->free.push_back(block);  // never reallocates: reserved in take()
}

AudioBufferPool::AudioBufferPool() : core_(std::make_shared<detail::AudioPoolCore>()) {}

std::size_t AudioBufferPool::allocated() const {
    return core_->all.size();
}

detail::AudioBlock* AudioBufferPool::take() {
    detail::AudioBlock* block = nullptr;
    if (core_->free.empty()) {
        core_->all.push_back(std::make_unique<detail::AudioBlock>());
        // Room for every block in the free list, so returning one cannot throw.
        core_->free.reserve(core_->all.size());
        block = core_->all.back().get();
    } else {
        block = core_->free.back();
        core_->free.pop_back();
    }
    block->home = core_;
    return block;
}

BatchBuilder::BatchBuilder(AudioBufferPool& pool)
    : block_(pool.take()),
      writer_(std::span<std::uint8_t>(block_.block_->data).subspan(kFramePrefixRoom)) {}

AudioMessage BatchBuilder::finish() {
    block_.block_->size = writer_.message().size();
    block_.block_->frames = writer_.frames();
    return std::move(block_);
}

}  // namespace salotto::service
