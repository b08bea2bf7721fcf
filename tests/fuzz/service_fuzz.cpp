// Fuzz target: the server's whole message handler, through the same seam the unit
// tests use (service::Service over a Store on an in-memory SQLite database, Accounts
// with the cheapest Argon2 cost, and a recording Outbox).
//
// The input is text, one operation per line, over four connections:
//
//   <c> open | close | text <frame> | binary <hex bytes>
//   - flush_audio [intervals] | flush_hallway | flush_members | wait <ms>
//
// <c> is the connection's index (its byte modulo 4); an index opened again after a
// close is a new connection id, as on the server. In text frames, $INVITE, $TOKEN
// and $ROOM stand for the latest invite code, session token and room id the server
// handed out (the bootstrap invite at first), which a fuzzer could not guess.
// Binary frames are hex (other characters are skipped). `wait` moves both clocks.
//
// Properties:
//   - no exception leaves the service, and no handler fails inside it (no
//     `internal` error);
//   - every text frame the service sends decodes as an event of docs/protocol.md;
//   - nothing is sent to a connection that is not open; audio goes only to
//     connections that were told audio_started (and not stopped since), and is a
//     well-formed batch that never carries the listener's own voice;
//   - the service counts the connections the harness holds open, and once every
//     connection has closed, no room is left live.
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/protocol/audio_packet.hpp"
#include "core/protocol/codec.hpp"
#include "fuzz_support.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/service.hpp"
#include "server/storage/store.hpp"

using namespace salotto;
using namespace salotto::protocol;
using service::ConnectionId;

namespace {

constexpr int kConnections = 4;
// Audio messages the outbox holds on to, as send queues do; they outlive the
// service at the end of each input, as sessions may at shutdown.
constexpr std::size_t kHeldAudio = 32;

struct Peer {
    bool open = false;
    std::optional<UserId> user;  // from the latest session event
    bool audio = false;          // audio_started received, no audio_stopped since
};

// What the service said, checked as it arrives.
class CheckingOutbox : public service::Outbox {
  public:
    void send(ConnectionId id, std::string_view frame) override {
        Peer& peer = peer_at(id, frame);
        const auto decoded = decode_event(frame);
        const auto* event = std::get_if<Event>(&decoded);
        if (!event) fuzz::fail("the service sent a frame that does not decode", frame);
        if (const auto* error = std::get_if<Error>(event)) {
            fuzz::check(error->code != ErrorCode::internal, "a handler failed inside the service",
                        frame);
        } else if (const auto* session = std::get_if<Session>(event)) {
            peer.user = session->user.id;
            if (session->token) token = *session->token;
        } else if (std::holds_alternative<LoggedOut>(*event)) {
            peer.user.reset();
            peer.audio = false;
        } else if (std::holds_alternative<AudioStarted>(*event)) {
            peer.audio = true;
        } else if (std::holds_alternative<AudioStopped>(*event)) {
            peer.audio = false;
        } else if (const auto* invite = std::get_if<Invite>(event)) {
            this->invite = invite->code;
        } else if (const auto* state = std::get_if<RoomState>(event)) {
            room = state->room.id;
        }
    }

    void send_audio(ConnectionId id, const service::AudioMessage& message) override {
        Peer& peer = peer_at(id, "audio");
        fuzz::check(peer.audio, "audio for a connection that did not start audio");
        bool own_voice = false;
        const bool ok = read_batch(message.bytes(), [&](const AudioFrame& frame) {
            own_voice = own_voice || (peer.user && frame.speaker == *peer.user);
        });
        fuzz::check(ok, "the service sent a malformed audio batch");
        fuzz::check(!own_voice, "a listener got their own voice back");
        held_.push_back(message);
        if (held_.size() > kHeldAudio) held_.pop_front();
    }

    // The service asked for these connections to be closed; the harness closes them
    // after the current operation, as the transport does once their queue is written.
    void disconnect(ConnectionId id) override {
        peer_at(id, "disconnect");
        to_close.push_back(id);
    }

    std::map<ConnectionId, Peer> peers;
    std::vector<ConnectionId> to_close;
    std::string invite, token, room;

  private:
    Peer& peer_at(ConnectionId id, std::string_view what) {
        auto it = peers.find(id);
        if (it == peers.end() || !it->second.open)
            fuzz::fail("the service sent to a connection that is not open", what);
        return it->second;
    }
    std::deque<service::AudioMessage> held_;
};

std::string substitute(std::string_view frame, const CheckingOutbox& outbox) {
    std::string out;
    out.reserve(frame.size());
    for (std::size_t i = 0; i < frame.size();) {
        auto replace = [&](std::string_view name, const std::string& value) {
            if (frame.substr(i, name.size()) != name) return false;
            out += value;
            i += name.size();
            return true;
        };
        if (replace("$INVITE", outbox.invite) || replace("$TOKEN", outbox.token) ||
            replace("$ROOM", outbox.room))
            continue;
        out += frame[i++];
    }
    return out;
}

std::vector<std::uint8_t> from_hex(std::string_view text) {
    std::vector<std::uint8_t> out;
    int high = -1;
    for (char c : text) {
        int v = -1;
        if (c >= '0' && c <= '9') v = c - '0';
        if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        if (v < 0) continue;
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<std::uint8_t>(high * 16 + v));
            high = -1;
        }
    }
    return out;
}

std::uint64_t number(std::string_view text, std::uint64_t fallback, std::uint64_t max) {
    std::uint64_t v = 0;
    bool any = false;
    for (char c : text) {
        if (c < '0' || c > '9') break;
        v = std::min(max, v * 10 + static_cast<std::uint64_t>(c - '0'));
        any = true;
    }
    return any ? v : fallback;
}

class Harness {
  public:
    Harness() {
        outbox_.invite = accounts_.create_bootstrap_invite().code;
        for (int i = 0; i < kConnections; ++i) ids_[i] = next_id_++;
    }

    void line(std::string_view line) {
        if (line.size() < 3) return;
        const int c = static_cast<unsigned char>(line[0]) % kConnections;
        line.remove_prefix(2);
        const auto space = line.find(' ');
        const std::string_view verb = line.substr(0, space);
        const std::string_view payload =
            space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
        run(verb, [&] {
            if (verb == "open") return open(c);
            if (verb == "close") return close(c);
            if (verb == "text") return service_.text(ids_[c], substitute(payload, outbox_));
            if (verb == "binary") return service_.binary(ids_[c], from_hex(payload));
            if (verb == "flush_audio")
                return service_.flush_audio(static_cast<int>(number(payload, 1, 8)));
            if (verb == "flush_hallway") return service_.flush_hallway();
            if (verb == "flush_members") return service_.flush_members();
            if (verb == "sweep") return service_.sweep();
            if (verb == "wait") {
                const auto ms = number(payload, 0, 100'000'000);
                steady_ += std::chrono::milliseconds(ms);
                unix_ += static_cast<std::int64_t>(ms / 1000);
            }
        });
        for (ConnectionId id : std::exchange(outbox_.to_close, {}))
            for (int k = 0; k < kConnections; ++k)
                if (ids_[k] == id) run("close", [&] { close(k); });
        fuzz::check(service_.connection_count() == open_count(),
                    "the service counts other connections than are open");
    }

    void finish() {
        for (int c = 0; c < kConnections; ++c) run("close", [&] { close(c); });
        fuzz::check(service_.connection_count() == 0, "connections left after every close");
        // People on stage keep their seats a while after their last connection closes.
        steady_ += service::kSeatGrace;
        run("sweep", [&] { service_.sweep(); });
        fuzz::check(service_.room_count() == 0, "a room stays live with nobody connected");
    }

  private:
    template <class Action>
    void run(std::string_view verb, Action&& action) {
        try {
            action();
        } catch (const std::exception& e) {
            fuzz::fail("an exception left the service", std::string(verb) + ": " + e.what());
        } catch (...) {
            fuzz::fail("an unknown exception left the service", verb);
        }
    }

    void open(int c) {
        if (outbox_.peers[ids_[c]].open) return;
        outbox_.peers[ids_[c]].open = true;
        service_.open(ids_[c]);
    }

    void close(int c) {
        const ConnectionId id = ids_[c];
        service_.close(id);
        if (!outbox_.peers[id].open) return;
        outbox_.peers[id].open = false;
        ids_[c] = next_id_++;
    }

    std::size_t open_count() const {
        std::size_t n = 0;
        for (const auto& [id, peer] : outbox_.peers) n += peer.open ? 1 : 0;
        return n;
    }

    std::chrono::steady_clock::time_point steady_{};
    std::int64_t unix_ = 1'700'000'000;
    storage::Store store_{":memory:"};
    auth::Accounts accounts_{store_, auth::PasswordCost::minimum(), [this] { return unix_; }};
    CheckingOutbox outbox_;
    service::Service service_{accounts_, store_, outbox_,
                              service::ServiceOptions{.server_name = "fuzz",
                                                      .steady_now = [this] { return steady_; },
                                                      .unix_now = [this] { return unix_; }}};
    ConnectionId ids_[kConnections]{};
    ConnectionId next_id_ = 1;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (sodium_init() < 0) fuzz::fail("libsodium did not initialise");
    spdlog::set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    Harness harness;
    while (!input.empty()) {
        const auto end = input.find('\n');
        harness.line(input.substr(0, end));
        input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    }
    harness.finish();
    return 0;
}
