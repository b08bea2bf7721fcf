// The limits of docs/protocol.md, "Limits": how often a connection, a user and a
// client address may do what, how long a new connection has to say hello and sign
// in, and which intents count against which allowance. The service asks here before
// it handles anything; the numbers sit next to what they limit.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error_code.hpp"
#include "core/protocol/messages.hpp"
#include "server/service/token_bucket.hpp"

namespace salotto::service {

using Clock = TokenBucket::Clock;

inline constexpr double kIntentBurst = 40;
inline constexpr double kIntentsPerSecond = 20;
inline constexpr double kSignInBurst = 10;
inline constexpr double kSignInsPerSecond = 10.0 / 60.0;
// Audio frames have their own bucket: a speaker sends 100 per second.
inline constexpr double kAudioBurst = 200;
inline constexpr double kAudioFramesPerSecond = 200;
// Audio bytes per connection: 8 times what a speaker sends at Opus's highest
// voice bit rates, so only a client that floods is refused.
inline constexpr double kAudioBytesBurst = 64 * 1024;
inline constexpr double kAudioBytesPerSecond = 32 * 1024;
// Per user, whatever connection they use (docs/protocol.md, "Limits"). Creating a
// room fans out to every signed-in connection; a hand toggle and the other room
// intents to every member of the room.
inline constexpr double kRoomCreationBurst = 3;
inline constexpr double kRoomCreationsPerSecond = 3.0 / 60.0;
inline constexpr double kHandToggleBurst = 6;
inline constexpr double kHandTogglesPerSecond = 0.5;
inline constexpr double kRoomIntentBurst = 20;
inline constexpr double kRoomIntentsPerSecond = 5;
// Searches run a query on the database: the client sends one per pause in typing
// (150 ms), so 10 a second with a burst of 20 covers fast typing with room to spare.
inline constexpr double kSearchBurst = 20;
inline constexpr double kSearchesPerSecond = 10;
// A knock reaches every moderator of the room and stays on their screen: a few in a
// row (several rooms, or again after a decline), then one per 20 seconds.
inline constexpr double kKnockBurst = 3;
inline constexpr double kKnocksPerSecond = 1.0 / 20;
// Chat: a few messages in a row, then one every two seconds; reactions: a few taps in
// a row, then two a second (a thousand listeners reacting once a second each is
// allowed; the room's batch bounds what it costs, reactions.hpp).
inline constexpr double kChatBurst = 5;
inline constexpr double kChatsPerSecond = 0.5;
inline constexpr double kReactionBurst = 8;
inline constexpr double kReactionsPerSecond = 2;
// A connection that keeps being refused for rates is cut off: every refusal takes a
// strike, strikes come back at this rate, and with none left the connection closes.
inline constexpr double kStrikeBurst = 30;
inline constexpr double kStrikesPerSecond = 1;
// Audio refused for its rate takes no strike per frame: a client or a network that
// stalled for a few seconds delivers its backlog of frames at once, and so does any
// stall of the server's own loop; those frames are refused (dropped) and that is all.
// A connection is cut off only once its audio has been refused through
// kAudioFloodGrace with no second free of refusals: a client that keeps flooding.
inline constexpr auto kAudioFloodGrace = std::chrono::seconds(10);

class AudioFlood {
  public:
    // A frame was refused for its rate at `now`; true once refusals have gone on for
    // kAudioFloodGrace without a break of a second.
    bool refused(Clock::time_point now) {
        if (!refusing_ || now - last_ > std::chrono::seconds(1)) since_ = now;
        refusing_ = true;
        last_ = now;
        return now - since_ >= kAudioFloodGrace;
    }

  private:
    bool refusing_ = false;
    Clock::time_point since_{}, last_{};
};

// A new connection must say hello within kHelloDeadline and sign in within
// kSignInDeadline (the sign-in form may stay open a while; the web client reconnects
// by itself when cut off).
inline constexpr auto kHelloDeadline = std::chrono::seconds(10);
inline constexpr auto kSignInDeadline = std::chrono::minutes(5);
// Password sign-ins (sign-up and log-in, each an Argon2id) per client address: the
// per-connection limit alone lets one host open many connections and keep every
// worker busy.
inline constexpr double kAddressSignInBurst = 30;
inline constexpr double kAddressSignInsPerSecond = 30.0 / 60.0;

// Intents a connection may send before it has a session.
bool allowed_signed_out(const protocol::Intent& intent);
// Intents that start a session (each takes a sign-in attempt).
bool is_sign_in(const protocol::Intent& intent);
// What the rate_limited error says when `intent` is refused for its rate by the user's
// allowance: which allowance ran out, when that is clearer than the default message.
std::string_view rate_limit_message(const protocol::Intent& intent);

// One connection's allowances.
struct ConnectionAllowances {
    explicit ConnectionAllowances(Clock::time_point now)
        : intents(kIntentBurst, kIntentsPerSecond, now),
          sign_ins(kSignInBurst, kSignInsPerSecond, now),
          frames(kAudioBurst, kAudioFramesPerSecond, now),
          audio_bytes(kAudioBytesBurst, kAudioBytesPerSecond, now),
          strikes(kStrikeBurst, kStrikesPerSecond, now) {}
    TokenBucket intents;
    TokenBucket sign_ins;
    TokenBucket frames;
    TokenBucket audio_bytes;
    TokenBucket strikes;  // one per refused intent; none left: the connection is cut off
    AudioFlood audio_flood;
};

// Why a connection that is not signed in is closed, if it is past a deadline.
struct MissedDeadline {
    ErrorCode code;
    std::string message;
};
std::optional<MissedDeadline> missed_deadline(Clock::time_point opened, bool greeted,
                                              Clock::time_point now);

// The allowances kept beyond one connection: per user (across their connections and
// reconnects) and per client address. Entries that have refilled are forgotten.
class SharedAllowances {
  public:
    // Takes the user's allowance for `intent`; false when it is used up. Intents that
    // neither fan out to other people nor search are always allowed here.
    bool user_allows(protocol::UserId user, const protocol::Intent& intent, Clock::time_point now);
    // Takes a password sign-in attempt from the client address's allowance.
    bool address_allows_sign_in(const std::string& address, Clock::time_point now);
    // Forgets the allowances that have refilled completely.
    void forget_refilled(Clock::time_point now);

  private:
    struct UserAllowances {
        explicit UserAllowances(Clock::time_point now)
            : room_creations(kRoomCreationBurst, kRoomCreationsPerSecond, now),
              hand_toggles(kHandToggleBurst, kHandTogglesPerSecond, now),
              room_intents(kRoomIntentBurst, kRoomIntentsPerSecond, now),
              searches(kSearchBurst, kSearchesPerSecond, now),
              knocks(kKnockBurst, kKnocksPerSecond, now),
              chats(kChatBurst, kChatsPerSecond, now),
              reactions(kReactionBurst, kReactionsPerSecond, now) {}
        TokenBucket room_creations;
        TokenBucket hand_toggles;
        TokenBucket room_intents;
        TokenBucket searches;
        TokenBucket knocks;
        TokenBucket chats;
        TokenBucket reactions;
    };

    std::unordered_map<std::string, TokenBucket> address_sign_ins_;
    std::unordered_map<protocol::UserId, UserAllowances> users_;
};

}  // namespace salotto::service
