// Intents waiting to be sent. Screens and the reducer push; the web layer takes them
// all after each frame and after each server event and writes them to the socket.
#pragma once

#include <utility>
#include <vector>

#include "core/protocol/messages.hpp"

namespace salotto::client {

class Outbox {
  public:
    void push(protocol::Intent intent) { intents_.push_back(std::move(intent)); }
    // Everything pushed so far, oldest first; leaves the outbox empty.
    std::vector<protocol::Intent> take() { return std::exchange(intents_, {}); }
    bool empty() const { return intents_.empty(); }

  private:
    std::vector<protocol::Intent> intents_;
};

}  // namespace salotto::client
