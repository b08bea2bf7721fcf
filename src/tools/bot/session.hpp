// A signalling + audio WebSocket client over Boost.Beast (one Asio thread).
//
// It connects to ws://HOST:PORT/ws, decodes text frames into protocol::Event with the
// core codec and hands binary frames (downstream audio batches) over as bytes. Sends
// are queued, since Beast allows one outstanding write at a time.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/protocol/messages.hpp"

namespace salotto::tools {

struct SessionHandlers {
    std::function<void()> on_open;
    std::function<void(const protocol::Event&)> on_event;
    std::function<void(std::span<const std::uint8_t>)> on_audio;
    std::function<void(std::string_view reason)> on_close;
};

class Session {
  public:
    Session(boost::asio::io_context& io, SessionHandlers handlers);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void connect(const std::string& host, const std::string& port);
    void send(const protocol::Intent& intent);
    void send_audio(std::span<const std::uint8_t> message);
    // Closes politely; on_close follows.
    void close();

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;  // shared with pending asynchronous operations
};

}  // namespace salotto::tools
