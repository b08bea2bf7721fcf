// Soak load generator (driven by bench/soak.sh): thousands of bot connections across
// many rooms for minutes, to show that the server holds steady under a mix of rooms
// that looks like a busy evening rather than one giant room.
//
// Rooms follow a layout such as "1x1000:1,4x150:2,35x10:2" (count x members : speakers).
// Each room's first member creates it, the other speakers are invited on stage by the
// creator and unmute, the rest listen. Every bot signs in with a session token
// (`resume`), joins its room and starts audio. A few "churn" bots keep walking in and
// out of rooms without audio. Once everyone is in, each speaker talks without pause
// (20 ms Opus frames at real-time pace, speakers spread over the 20 ms), and every
// listener raises or lowers its hand and pings once a minute, so signalling runs
// beside the audio.
//
// Every report interval it prints the server's RSS and CPU and the delivery delay of
// the interval (the speaker's send time to a listener's receive time, over every
// listener of every room). At the end: the frames every listener should have got
// against what it got, errors, and unexpected closes. Halfway through, one listener
// of the first room (with a phone-sized receive buffer) stops reading: the server must
// cut it off while everyone else's delivery stays as it was. The delay is printed for
// the minute before and the minute after the stall; a minute after the stall the bot
// reads again to see whether its connection was closed.
//
// Exit status 0 only if nothing was lost, nobody got an error or was closed, and the
// stalled listener was cut off.
#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "bench/common/histogram.hpp"
#include "bench/common/options.hpp"
#include "bench/common/process_stats.hpp"
#include "bench/common/voice_signal.hpp"
#include "bench/forwarding/bot_connection.hpp"
#include "core/audio/level_meter.hpp"
#include "core/audio/opus_codec.hpp"
#include "core/protocol/audio_packet.hpp"
#include "core/protocol/codec.hpp"

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
namespace protocol = salotto::protocol;
namespace audio = salotto::audio;
namespace bench = salotto::bench;

constexpr int kFrameMs = 20;
// Speakers are spread over this many send slots per frame, so the server sees frames
// arrive through the 20 ms instead of all at once.
constexpr int kSendSlots = 10;
// Send times kept per speaker, by sequence number: 20 s of frames, far more than any
// delivery takes.
constexpr std::size_t kSentRing = 1024;
// Each listener acts (hand up or down, ping) once per this many activity ticks.
constexpr int kActivityTicks = 600;
constexpr auto kActivityTick = std::chrono::milliseconds(100);
constexpr int kMaxConnecting = 64;
// The stalled listener's receive buffer: a phone's, not a server's autotuned megabytes.
constexpr int kStalledReceiveBuffer = 4096;
constexpr double kStallWindowMs = 60000;
constexpr int kMaxReported = 10;
constexpr double kMaxSendLagMs = 100;

double now_ms() {
    return std::chrono::duration<double, std::milli>(Clock::now().time_since_epoch()).count();
}

struct RoomSpec {
    int members = 0;
    int speakers = 0;
};

// "1x1000:1,4x150:2" -> one room of 1,000 with 1 speaker, four of 150 with 2.
std::optional<std::vector<RoomSpec>> parse_layout(const std::string& text) {
    std::vector<RoomSpec> rooms;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(',', start), text.size());
        int count = 0, members = 0, speakers = 0;
        char tail = 0;
        const std::string item = text.substr(start, end - start);
        if (std::sscanf(item.c_str(), "%dx%d:%d%c", &count, &members, &speakers, &tail) != 3 ||
            count < 1 || speakers < 1 || members < speakers)
            return std::nullopt;
        for (int i = 0; i < count; ++i) rooms.push_back({members, speakers});
        start = end + 1;
    }
    return rooms;
}

enum class Role { creator, speaker, listener, churner };

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    int server_pid = 0;
    std::string tokens_file;
    std::vector<RoomSpec> rooms;
    int churners = 50;
    double seconds = 600;
    double report_seconds = 30;
    double stall_at_seconds = 300;
};

class Soak;

// One bot's WebSocket connection and where it is in its script.
class Bot : public bench::BotConnection {
  public:
    Bot(Soak& soak, int index, Role role, int room, std::string token);
    void start();
    // Stops reading (the stall); resume_reading() looks at what became of the connection.
    void stall() { stalled_ = true; }
    void resume_reading();
    void act();  // the once-a-minute hand toggle and ping
    void use_small_receive_buffer() { link().set_receive_buffer(kStalledReceiveBuffer); }
    void join_next_room();

    const int index;
    const Role role;
    const int room;  // -1 for churners
    protocol::UserId user_id = 0;
    bool ready = false;  // in the room with audio (and on stage, for speakers)
    bool stalled() const { return stalled_; }
    bool closed_after_stall = false;  // the stalled bot found its connection closed
    std::uint64_t frames = 0;         // audio frames received while measuring
    std::uint16_t sequence = 0;
    int speaker = -1;  // index among all speakers, for speakers
    std::uint64_t bytes_after_stall = 0;

  private:
    std::shared_ptr<Bot> self() { return std::static_pointer_cast<Bot>(shared_from_this()); }
    void on_text(std::string_view text) override;
    void on_binary(std::span<const std::uint8_t> batch) override;
    void on_failed(const std::string& why) override;
    bool keep_reading() const override { return !stalled_; }
    void on_stage_news(const std::vector<protocol::Member>& members);

    Soak& soak_;
    std::string token_;
    bool stalled_ = false;
    bool hand_ = false;
    bool unmuting_ = false;
    int churn_cycle_ = 0;
};

class Soak {
  public:
    explicit Soak(Options options) : o_(std::move(options)) {}
    int run();

    asio::io_context io{1};
    tcp::endpoint server;
    std::string host_port;

    // Called by bots as their script moves on.
    void room_created(int room, std::string id) { rooms_[room].id = std::move(id); }
    void room_open(int room);
    void member_ready(Bot& bot);
    void invite_to_stage(int room, protocol::UserId user);
    void error_event(const Bot& bot, const protocol::Error& error);
    void unexpected(const Bot& bot, const std::string& why);
    void delivered(Bot& bot, std::uint32_t speaker_id, std::uint16_t sequence, double now);
    void signalling_seen() { last_signalling_ms_ = now_ms(); }
    void counted_pong() { ++pongs_; }
    void counted_hand() { ++hand_toggles_; }
    void counted_churn_join() { ++churn_joins_; }
    const std::string& room_id(int room) const { return rooms_[static_cast<std::size_t>(room)].id; }
    int room_count() const { return static_cast<int>(rooms_.size()); }
    bool measuring() const { return measuring_; }
    void schedule(std::chrono::milliseconds after, std::function<void()> what);

  private:
    struct Room {
        std::string id;
        std::vector<std::shared_ptr<Bot>> members;  // the creator first
        int speakers = 0;
        bool open = false;
    };

    bool load_tokens();
    void build_bots();
    void connect_more();
    void watch_setup();
    void start_measuring();
    void send_tick();
    void activity_tick();
    void report();
    void stall_one();
    void check_stalled();
    void finish();

    Options o_;
    std::vector<std::string> tokens_;
    std::vector<Room> rooms_;
    std::vector<std::shared_ptr<Bot>> bots_;  // in connection order
    std::vector<Bot*> speakers_;
    std::unordered_map<std::uint32_t, int> speaker_by_user_;
    std::vector<float> sent_at_;  // ms since measuring began, [speaker * kSentRing + seq % ring]
    std::vector<std::vector<std::uint8_t>> packets_;
    std::vector<int> levels_;
    std::size_t next_bot_ = 0;
    int rooms_open_ = 0;
    int connecting_ = 0;
    int ready_ = 0;
    double setup_start_ms_ = 0, last_signalling_ms_ = 0;
    bool measuring_ = false, finishing_ = false;
    double measure_start_ms_ = 0;
    double send_epoch_ms_ = 0;  // when send tick 0 was due
    std::uint64_t sender_stalls_ = 0;
    std::uint64_t send_ticks_ = 0, activity_ticks_ = 0;
    std::uint64_t frames_sent_ = 0;
    std::vector<std::uint64_t> sent_by_speaker_;
    bench::Histogram all_, window_, before_stall_, after_stall_;
    std::uint64_t errors_ = 0, closes_ = 0, pongs_ = 0, hand_toggles_ = 0, churn_joins_ = 0;
    Bot* stalled_ = nullptr;
    double stall_ms_ = -1;
    std::optional<bool> stalled_cut_;
    double last_report_ms_ = 0, last_report_cpu_ = 0;
    long rss_start_kb_ = 0, rss_max_kb_ = 0;
    int setup_ticks_ = 0;
    int exit_code_ = 1;
    asio::steady_timer send_timer_{io}, activity_timer_{io}, report_timer_{io}, setup_timer_{io};
};

// ---- Bot ---------------------------------------------------------------------------------

Bot::Bot(Soak& soak, int index, Role role, int room, std::string token)
    : BotConnection(soak.io, nullptr, "salotto-soak"),
      index(index),
      role(role),
      room(room),
      soak_(soak),
      token_(std::move(token)) {}

void Bot::start() {
    BotConnection::start(soak_.server, soak_.host_port);
}

void Bot::on_failed(const std::string& why) {
    if (!stalled_) soak_.unexpected(*this, why);
}

// Reads whatever the kernel still holds for the stalled bot, then its fate: end of
// stream or an error means the server closed the connection.
void Bot::resume_reading() {
    if (reading()) return;  // a read was still pending when the stall began
    const auto buffer = read_buffer();
    link().read_some(asio::buffer(buffer.data(), buffer.size()),
                     [self = self()](boost::system::error_code ec, std::size_t n) {
                         if (ec) {
                             self->closed_after_stall = true;
                             return;
                         }
                         self->bytes_after_stall += n;
                         self->resume_reading();
                     });
}

// The event's type without decoding the whole event: a big room's room_state is larger
// than the decoder accepts, and most events need no more than their type here. Keys
// come out sorted, so "t" is not first; no nested object has a "t", and a quote inside
// a name or title is escaped, so the first "t":" is the type.
std::string_view event_type(std::string_view text) {
    constexpr std::string_view kKey = R"("t":")";
    const auto start = text.find(kKey);
    if (start == std::string_view::npos) return {};
    const auto end = text.find('"', start + kKey.size());
    if (end == std::string_view::npos) return {};
    return text.substr(start + kKey.size(), end - start - kKey.size());
}

template <class T>
std::optional<T> decode_as(std::string_view text) {
    auto decoded = protocol::decode_event(text);
    if (auto* event = std::get_if<protocol::Event>(&decoded))
        if (auto* e = std::get_if<T>(event)) return std::move(*e);
    return std::nullopt;
}

void Bot::on_text(std::string_view text) {
    const auto type = event_type(text);
    if (type != "pong" && !type.starts_with("hallway_room")) soak_.signalling_seen();
    if (type == "welcome") {
        send_text(protocol::Resume{.token = token_});
    } else if (type == "session") {
        const auto session = decode_as<protocol::Session>(text);
        if (!session) return fail("unreadable session");
        user_id = session->user.id;
        if (role == Role::creator)
            send_text(protocol::CreateRoom{.title = "Soak room " + std::to_string(room + 1)});
        else if (role == Role::churner)
            join_next_room();
        else
            send_text(protocol::JoinRoom{.room = soak_.room_id(room)});
    } else if (type == "room_state") {
        if (role == Role::churner) {
            soak_.counted_churn_join();
            // Stay 5-15 s, then leave.
            const auto dwell = std::chrono::seconds(5 + (index * 7 + churn_cycle_ * 3) % 11);
            soak_.schedule(dwell, [self = self()] {
                if (!self->failed()) self->send_text(protocol::LeaveRoom{});
            });
            return;
        }
        if (role == Role::creator) {
            const auto state = decode_as<protocol::RoomState>(text);
            if (!state) return fail("unreadable room_state");
            soak_.room_created(room, state->room.id);
        }
        send_text(protocol::StartAudio{});
    } else if (type == "left_room") {
        if (role != Role::churner) return fail("left its room");
        ++churn_cycle_;
        soak_.schedule(std::chrono::seconds(1), [self = self()] {
            if (!self->failed()) self->join_next_room();
        });
    } else if (type == "audio_started") {
        if (role == Role::creator) return soak_.room_open(room);
        if (role == Role::speaker) return soak_.invite_to_stage(room, user_id);
        soak_.member_ready(*this);
    } else if (type == "member_updated") {
        if (role != Role::speaker || ready) return;
        if (const auto update = decode_as<protocol::MemberUpdated>(text))
            on_stage_news({update->member});
    } else if (type == "members_changed") {
        if (role != Role::speaker || ready) return;
        if (const auto change = decode_as<protocol::MembersChanged>(text))
            on_stage_news(change->members);
    } else if (type == "pong") {
        soak_.counted_pong();
    } else if (type == "error") {
        const auto error = decode_as<protocol::Error>(text);
        soak_.error_event(*this,
                          error.value_or(protocol::Error{.message = std::string(text), .in = ""}));
    } else if (type == "room_ended" || type == "logged_out" || type == "audio_stopped") {
        fail("unexpected " + std::string(type));
    }
}

// A speaker waits to be on stage (invited by the creator), then unmutes itself.
void Bot::on_stage_news(const std::vector<protocol::Member>& members) {
    for (const auto& m : members) {
        if (m.id != user_id || m.role == protocol::Role::audience) continue;
        if (m.muted && !unmuting_) {
            unmuting_ = true;
            send_text(protocol::SetMute{.muted = false});
        } else if (!m.muted) {
            soak_.member_ready(*this);
        }
    }
}

void Bot::on_binary(std::span<const std::uint8_t> batch) {
    if (!soak_.measuring()) return;
    const double now = now_ms();
    protocol::read_batch(batch, [&](const protocol::AudioFrame& f) {
        soak_.delivered(*this, f.speaker, f.sequence, now);
    });
}

void Bot::act() {
    if (!ready || failed() || stalled_) return;
    hand_ = !hand_;
    if (hand_)
        send_text(protocol::RaiseHand{});
    else
        send_text(protocol::LowerHand{});
    soak_.counted_hand();
    send_text(protocol::Ping{});
}

void Bot::join_next_room() {
    const int next = (index + churn_cycle_) % soak_.room_count();
    send_text(protocol::JoinRoom{.room = soak_.room_id(next)});
}

// ---- Soak --------------------------------------------------------------------------------

bool Soak::load_tokens() {
    std::ifstream in(o_.tokens_file);
    for (std::string t; std::getline(in, t);)
        if (!t.empty()) tokens_.push_back(t);
    std::size_t needed = static_cast<std::size_t>(o_.churners);
    for (const auto& r : o_.rooms) needed += static_cast<std::size_t>(r.members);
    if (tokens_.size() < needed) {
        std::fprintf(stderr, "soak: need %zu tokens in %s, found %zu\n", needed,
                     o_.tokens_file.c_str(), tokens_.size());
        return false;
    }
    return true;
}

// Creators first (their rooms must exist before anyone joins), then members room by
// room, then the churn bots.
void Soak::build_bots() {
    std::size_t token = 0;
    rooms_.resize(o_.rooms.size());
    for (std::size_t r = 0; r < o_.rooms.size(); ++r) {
        auto bot = std::make_shared<Bot>(*this, static_cast<int>(token), Role::creator,
                                         static_cast<int>(r), tokens_[token]);
        ++token;
        rooms_[r].members.push_back(bot);
        rooms_[r].speakers = o_.rooms[r].speakers;
        bots_.push_back(bot);
    }
    for (std::size_t r = 0; r < o_.rooms.size(); ++r) {
        for (int m = 1; m < o_.rooms[r].members; ++m) {
            const Role role = m < o_.rooms[r].speakers ? Role::speaker : Role::listener;
            auto bot = std::make_shared<Bot>(*this, static_cast<int>(token), role,
                                             static_cast<int>(r), tokens_[token]);
            ++token;
            rooms_[r].members.push_back(bot);
            bots_.push_back(bot);
        }
    }
    for (int c = 0; c < o_.churners; ++c) {
        bots_.push_back(std::make_shared<Bot>(*this, static_cast<int>(token), Role::churner, -1,
                                              tokens_[token]));
        ++token;
    }
    // The first listener of the first room is the one that will stop reading.
    for (const auto& bot : rooms_[0].members)
        if (bot->role == Role::listener) {
            stalled_ = bot.get();
            break;
        }
}

void Soak::room_open(int room) {
    auto& r = rooms_[static_cast<std::size_t>(room)];
    if (r.open) return;
    r.open = true;
    member_ready(*r.members.front());
    if (++rooms_open_ == room_count()) {
        std::fprintf(stderr, "soak: %d rooms open, members joining\n", rooms_open_);
        connect_more();
    }
}

void Soak::member_ready(Bot& bot) {
    if (bot.ready) return;
    bot.ready = true;
    ++ready_;
    if (bot.role != Role::creator) --connecting_;
    connect_more();
}

void Soak::invite_to_stage(int room, protocol::UserId user) {
    rooms_[static_cast<std::size_t>(room)].members.front()->send_text(
        protocol::InviteSpeaker{.user = user});
}

void Soak::connect_more() {
    if (rooms_open_ < room_count()) return;
    while (connecting_ < kMaxConnecting && next_bot_ < bots_.size()) {
        auto& bot = bots_[next_bot_++];
        if (bot->role == Role::creator) continue;
        if (bot.get() == stalled_) bot->use_small_receive_buffer();
        if (bot->role == Role::churner) {
            // Churn bots have no audio to wait for: they count as in at once.
            bot->ready = true;
            ++ready_;
        } else {
            ++connecting_;
        }
        bot->start();
    }
}

void Soak::error_event(const Bot& bot, const protocol::Error& error) {
    if (errors_++ < kMaxReported)
        std::fprintf(stderr, "soak: bot %d got error %s in \"%s\": %s\n", bot.index,
                     std::string(salotto::wire_name(error.code)).c_str(), error.in.c_str(),
                     error.message.c_str());
}

void Soak::unexpected(const Bot& bot, const std::string& why) {
    if (closes_++ < kMaxReported)
        std::fprintf(stderr, "soak: bot %d (%s): %s\n", bot.index,
                     bot.role == Role::churner ? "churn" : "room member", why.c_str());
}

void Soak::delivered(Bot& bot, std::uint32_t speaker_id, std::uint16_t sequence, double now) {
    if (bot.stalled()) return;
    const auto it = speaker_by_user_.find(speaker_id);
    if (it == speaker_by_user_.end()) return;
    ++bot.frames;
    const double sent =
        sent_at_[static_cast<std::size_t>(it->second) * kSentRing + sequence % kSentRing];
    const double delay = now - measure_start_ms_ - sent;
    all_.add(delay);
    window_.add(delay);
    if (stall_ms_ < 0) {
        if (now - measure_start_ms_ >= o_.stall_at_seconds * 1000 - kStallWindowMs)
            before_stall_.add(delay);
    } else if (now - stall_ms_ < kStallWindowMs) {
        after_stall_.add(delay);
    }
}

void Soak::schedule(std::chrono::milliseconds after, std::function<void()> what) {
    auto timer = std::make_shared<asio::steady_timer>(io, after);
    timer->async_wait([timer, what = std::move(what)](boost::system::error_code ec) {
        if (!ec) what();
    });
}

void Soak::watch_setup() {
    if (measuring_) return;
    if (++setup_ticks_ % 8 == 0)
        std::fprintf(stderr, "soak: %d/%zu bots in, %d connecting, %llu failed\n", ready_,
                     bots_.size(), connecting_, static_cast<unsigned long long>(closes_));
    const bool all_in = ready_ + static_cast<int>(closes_) >= static_cast<int>(bots_.size());
    const double deadline = setup_start_ms_ + 120000 + 40.0 * static_cast<double>(bots_.size());
    if ((all_in && now_ms() - last_signalling_ms_ > 1000) || now_ms() > deadline)
        return start_measuring();
    setup_timer_.expires_after(std::chrono::milliseconds(250));
    setup_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) watch_setup();
    });
}

void Soak::start_measuring() {
    for (const auto& room : rooms_)
        for (const auto& bot : room.members)
            if (bot->role != Role::listener) {
                bot->speaker = static_cast<int>(speakers_.size());
                speakers_.push_back(bot.get());
                speaker_by_user_[static_cast<std::uint32_t>(bot->user_id)] = bot->speaker;
            }
    sent_at_.assign(speakers_.size() * kSentRing, 0);
    sent_by_speaker_.assign(speakers_.size(), 0);
    std::printf("soak setup bots=%zu rooms=%d speakers=%zu ready=%d failed=%llu setup_s=%.1f\n",
                bots_.size(), room_count(), speakers_.size(), ready_,
                static_cast<unsigned long long>(closes_), (now_ms() - setup_start_ms_) / 1000);
    measuring_ = true;
    measure_start_ms_ = send_epoch_ms_ = now_ms();
    rss_start_kb_ = rss_max_kb_ = bench::rss_kb(o_.server_pid);
    last_report_ms_ = measure_start_ms_;
    last_report_cpu_ = bench::process_cpu_seconds(o_.server_pid);
    std::printf("soak t_s=0 rss_kb=%ld\n", rss_start_kb_);
    std::fflush(stdout);
    send_tick();
    activity_tick();
    report_timer_.expires_after(
        std::chrono::milliseconds(static_cast<int>(o_.report_seconds * 1000)));
    report_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) report();
    });
}

// Every 2 ms, the speakers of one slot send their next frame.
void Soak::send_tick() {
    const double elapsed = now_ms() - measure_start_ms_;
    if (elapsed >= o_.seconds * 1000) return finish();
    if (stall_ms_ < 0 && elapsed >= o_.stall_at_seconds * 1000) stall_one();
    if (stall_ms_ >= 0 && !stalled_cut_ && now_ms() - stall_ms_ >= kStallWindowMs) check_stalled();

    const auto slot = static_cast<int>(send_ticks_ % kSendSlots);
    for (Bot* s : speakers_) {
        if (s->speaker % kSendSlots != slot || s->failed()) continue;
        const std::size_t k =
            (s->sequence + static_cast<std::size_t>(s->speaker)) % packets_.size();
        std::array<std::uint8_t, protocol::kUpstreamHeaderBytes + audio::kMaxPacketBytes> msg{};
        protocol::AudioFrame frame;
        frame.sequence = s->sequence;
        frame.timestamp = static_cast<std::uint32_t>(s->sequence) * 960u;
        frame.level = static_cast<std::uint8_t>(levels_[k]);
        frame.payload = packets_[k];
        const auto size = protocol::write_upstream(frame, msg);
        sent_at_[static_cast<std::size_t>(s->speaker) * kSentRing + s->sequence % kSentRing] =
            static_cast<float>(now_ms() - measure_start_ms_);
        s->send_binary(std::span(msg).first(size));
        ++s->sequence;
        ++sent_by_speaker_[static_cast<std::size_t>(s->speaker)];
        ++frames_sent_;
    }
    ++send_ticks_;
    double next_ms = static_cast<double>(send_ticks_) * kFrameMs / kSendSlots + send_epoch_ms_;
    // A load generator that was kept off its core must not make up for it with a burst
    // no client sends (and the server rightly refuses): it skips the missed frames.
    if (now_ms() - next_ms > kMaxSendLagMs) {
        ++sender_stalls_;
        send_epoch_ms_ += now_ms() - next_ms;
        next_ms = now_ms();
    }
    send_timer_.expires_at(Clock::time_point(std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double, std::milli>(next_ms))));
    send_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) send_tick();
    });
}

void Soak::activity_tick() {
    if (finishing_) return;
    const auto tick = activity_ticks_++;
    for (std::size_t i = tick % kActivityTicks; i < bots_.size(); i += kActivityTicks)
        if (bots_[i]->role == Role::listener) bots_[i]->act();
    activity_timer_.expires_after(kActivityTick);
    activity_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) activity_tick();
    });
}

void Soak::report() {
    const double now = now_ms();
    const double cpu = bench::process_cpu_seconds(o_.server_pid);
    const long rss = bench::rss_kb(o_.server_pid);
    rss_max_kb_ = std::max(rss_max_kb_, rss);
    std::printf(
        "soak t_s=%.0f rss_kb=%ld server_cpu=%.1f%% deliveries=%llu p50_ms=%.2f p99_ms=%.2f "
        "max_ms=%.1f errors=%llu closes=%llu\n",
        (now - measure_start_ms_) / 1000, rss,
        100 * (cpu - last_report_cpu_) / ((now - last_report_ms_) / 1000),
        static_cast<unsigned long long>(window_.count()), window_.percentile(0.5),
        window_.percentile(0.99), window_.max(), static_cast<unsigned long long>(errors_),
        static_cast<unsigned long long>(closes_));
    std::fflush(stdout);
    window_.clear();
    last_report_ms_ = now;
    last_report_cpu_ = cpu;
    if (finishing_) return;
    report_timer_.expires_after(
        std::chrono::milliseconds(static_cast<int>(o_.report_seconds * 1000)));
    report_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) report();
    });
}

void Soak::stall_one() {
    stall_ms_ = now_ms();
    if (!stalled_) return;
    stalled_->stall();
    std::printf("soak stall t_s=%.0f bot=%d room=1 (stops reading; receive buffer %d bytes)\n",
                (stall_ms_ - measure_start_ms_) / 1000, stalled_->index, kStalledReceiveBuffer);
    std::fflush(stdout);
}

// A minute after the stall the bot reads again: if the server cut it off, what it reads
// ends in end-of-stream or a reset within a moment; otherwise audio keeps coming.
void Soak::check_stalled() {
    if (!stalled_) {
        stalled_cut_ = false;
        return;
    }
    stalled_->resume_reading();
    schedule(std::chrono::seconds(3), [this] { stalled_cut_ = stalled_->closed_after_stall; });
    stalled_cut_ = false;  // provisional until the read above has drained
}

void Soak::finish() {
    if (finishing_) return;
    finishing_ = true;
    // Let the last frames land (large rooms' batches are up to 60 ms), then stop.
    schedule(std::chrono::seconds(2), [this] {
        std::uint64_t expected = 0, received = 0;
        double worst_share = 1;
        int listeners = 0;
        for (const auto& room : rooms_) {
            std::uint64_t room_sent = 0;
            for (const auto& bot : room.members)
                if (bot->speaker >= 0)
                    room_sent += sent_by_speaker_[static_cast<std::size_t>(bot->speaker)];
            for (const auto& bot : room.members) {
                if (bot.get() == stalled_) continue;
                const std::uint64_t own =
                    bot->speaker >= 0 ? sent_by_speaker_[static_cast<std::size_t>(bot->speaker)]
                                      : 0;
                const std::uint64_t want = room_sent - own;
                expected += want;
                received += std::min(bot->frames, want);
                if (want > 0) {
                    worst_share = std::min(
                        worst_share, static_cast<double>(bot->frames) / static_cast<double>(want));
                    ++listeners;
                }
            }
        }
        const long rss_end = bench::rss_kb(o_.server_pid);
        rss_max_kb_ = std::max(rss_max_kb_, rss_end);
        const bool cut = stalled_cut_.value_or(false);
        std::printf(
            "soak stalled_listener cut_off=%s bytes_still_buffered=%llu before_p50_ms=%.2f "
            "before_p99_ms=%.2f before_max_ms=%.1f after_p50_ms=%.2f after_p99_ms=%.2f "
            "after_max_ms=%.1f (one-minute windows before and after the stall)\n",
            !stalled_cut_ ? "unchecked (the run ended less than a minute after the stall)"
            : cut         ? "yes"
                          : "no",
            static_cast<unsigned long long>(stalled_ ? stalled_->bytes_after_stall : 0),
            before_stall_.percentile(0.5), before_stall_.percentile(0.99), before_stall_.max(),
            after_stall_.percentile(0.5), after_stall_.percentile(0.99), after_stall_.max());
        const double loss =
            expected > 0
                ? 100.0 * (1.0 - static_cast<double>(received) / static_cast<double>(expected))
                : 100.0;
        std::printf(
            "soak result bots=%zu rooms=%d speakers=%zu receivers=%d seconds=%.0f frames_sent=%llu "
            "deliveries_expected=%llu delivered=%llu loss=%.4f%% worst_receiver_share=%.4f "
            "p50_ms=%.2f p99_ms=%.2f max_ms=%.1f errors=%llu unexpected_closes=%llu pongs=%llu "
            "hand_toggles=%llu churn_joins=%llu sender_stalls=%llu rss_start_kb=%ld rss_end_kb=%ld "
            "rss_max_kb=%ld\n",
            bots_.size(), room_count(), speakers_.size(), listeners, o_.seconds,
            static_cast<unsigned long long>(frames_sent_),
            static_cast<unsigned long long>(expected), static_cast<unsigned long long>(received),
            loss, worst_share, all_.percentile(0.5), all_.percentile(0.99), all_.max(),
            static_cast<unsigned long long>(errors_), static_cast<unsigned long long>(closes_),
            static_cast<unsigned long long>(pongs_), static_cast<unsigned long long>(hand_toggles_),
            static_cast<unsigned long long>(churn_joins_),
            static_cast<unsigned long long>(sender_stalls_), rss_start_kb_, rss_end, rss_max_kb_);
        std::fflush(stdout);
        exit_code_ = (received == expected && errors_ == 0 && closes_ == 0 && cut) ? 0 : 1;
        io.stop();
    });
}

int Soak::run() {
    if (!load_tokens()) return 2;
    server = {asio::ip::make_address(o_.host), static_cast<unsigned short>(o_.port)};
    host_port = o_.host + ":" + std::to_string(o_.port);

    // Speakers send a voice-like signal, each from its own place in it.
    audio::Encoder encoder({.frame_ms = kFrameMs});
    const auto signal = bench::voice_signal(4.0);
    const auto samples = static_cast<std::size_t>(encoder.frame_samples());
    std::vector<std::uint8_t> packet(audio::kMaxPacketBytes);
    for (std::size_t i = 0; i + samples <= signal.size(); i += samples) {
        const auto pcm = std::span(signal).subspan(i, samples);
        const auto st = encoder.encode(pcm, packet);
        if (!st.ok()) return std::fprintf(stderr, "soak: encode failed\n"), 2;
        packets_.emplace_back(packet.begin(), packet.begin() + st.value);
        levels_.push_back(audio::frame_level(pcm));
    }

    build_bots();
    setup_start_ms_ = last_signalling_ms_ = now_ms();
    for (auto& room : rooms_) room.members.front()->start();
    watch_setup();
    io.run();
    if (!measuring_) return 1;
    return exit_code_;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto value = [&](const std::string& name, const std::string& fallback) {
        return salotto::bench::option(args, name, fallback);
    };
    const char* usage =
        "usage: salotto-bench-soak --port P --server-pid PID --tokens FILE [--layout L] "
        "[--churners N] [--seconds S] [--report-seconds S] [--stall-at S]\n"
        "  L: rooms as COUNTxMEMBERS:SPEAKERS, comma-separated (default "
        "1x1000:1,4x150:2,35x10:2)\n";
    Options o;
    o.host = value("--host", o.host);
    o.port = std::stoi(value("--port", "0"));
    o.server_pid = std::stoi(value("--server-pid", "0"));
    o.tokens_file = value("--tokens", "");
    o.churners = std::stoi(value("--churners", "50"));
    o.seconds = std::stod(value("--seconds", "600"));
    o.report_seconds = std::stod(value("--report-seconds", "30"));
    o.stall_at_seconds = std::stod(value("--stall-at", std::to_string(o.seconds / 2)));
    const auto layout = parse_layout(value("--layout", "1x1000:1,4x150:2,35x10:2"));
    if (o.port == 0 || o.server_pid == 0 || o.tokens_file.empty() || !layout)
        return std::fputs(usage, stderr), 2;
    o.rooms = *layout;
    Soak soak(std::move(o));
    return soak.run();
}
