// Connection caps; see connection_limits.hpp.
#include "server/net/connection_limits.hpp"

#include <algorithm>

namespace salotto::net {

struct ConnectionLimiter::Slot::State {
    std::size_t total = 0;
    std::map<Key, std::size_t> per_address;
};

ConnectionLimiter::Slot::Slot(std::shared_ptr<State> state, Key key, bool counted_per_address)
    : state_(std::move(state)), key_(key), per_address_(counted_per_address) {}

ConnectionLimiter::Slot& ConnectionLimiter::Slot::operator=(Slot&& other) noexcept {
    if (this != &other) {
        release();
        state_ = std::move(other.state_);
        key_ = other.key_;
        per_address_ = other.per_address_;
    }
    return *this;
}

ConnectionLimiter::Slot::~Slot() {
    release();
}

void ConnectionLimiter::Slot::release() {
    if (!state_) return;
    --state_->total;
    if (per_address_) {
        auto it = state_->per_address.find(key_);
        if (it != state_->per_address.end() && --it->second == 0) state_->per_address.erase(it);
    }
    state_.reset();
}

ConnectionLimiter::ConnectionLimiter(const ConnectionLimits& limits)
    : limits_(limits), state_(std::make_shared<Slot::State>()) {}

ConnectionLimiter::Key ConnectionLimiter::key_of(const boost::asio::ip::address& address) {
    Key key{};
    if (address.is_v4()) {
        return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4())
            .to_bytes();
    }
    const auto v6 = address.to_v6();
    if (v6.is_v4_mapped()) return v6.to_bytes();
    const auto bytes = v6.to_bytes();
    std::copy(bytes.begin(), bytes.begin() + 8, key.begin());  // the /64
    return key;
}

ConnectionLimiter::Slot ConnectionLimiter::acquire(const boost::asio::ip::address& address,
                                                   Refusal& why) {
    why = Refusal::none;
    if (limits_.total > 0 && state_->total >= limits_.total) {
        why = Refusal::total;
        return {};
    }
    const bool loopback =
        address.is_loopback() ||
        (address.is_v6() && address.to_v6().is_v4_mapped() &&
         boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
             .is_loopback());
    const bool exempt =
        (loopback && limits_.exempt_loopback) ||
        std::find(limits_.exempt.begin(), limits_.exempt.end(), address) != limits_.exempt.end();
    const bool per_address = limits_.per_address > 0 && !exempt;
    const Key key = key_of(address);
    if (per_address) {
        auto& count = state_->per_address[key];
        if (count >= limits_.per_address) {
            why = Refusal::per_address;
            return {};
        }
        ++count;
    }
    ++state_->total;
    return Slot(state_, key, per_address);
}

std::size_t ConnectionLimiter::open() const {
    return state_->total;
}

std::size_t ConnectionLimiter::open_from(const boost::asio::ip::address& address) const {
    auto it = state_->per_address.find(key_of(address));
    return it == state_->per_address.end() ? 0 : it->second;
}

}  // namespace salotto::net
