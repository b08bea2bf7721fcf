// Forwarding capacity load generator (driven by bench/forwarding.sh).
//
// Mode "room": one speaker and N listeners on one Asio thread. Every connection signs
// in with a session token (`resume`), the speaker creates a room, the listeners join
// it, everyone sends start_audio; then the speaker sends Opus frames at real-time
// pace for a while. The send time of each sequence number is kept here, so a listener
// measures forwarding delay as receive time minus send time. Server CPU and RSS come
// from /proc/<server-pid>.
//
// Mode "idle": memory per idle connection. N signed-out connections each send `hello`
// and one text frame of the largest size the server accepts (it answers `bad_json`),
// then stay idle; then N more; the server's RSS growth per connection of each round is
// printed.
//
// Mode "ceiling": the bare cost of one write() per listener socket per packet over
// loopback TCP (no WebSocket), on one core, with a reader thread on another core.
//
// `--tls` makes the room and idle modes speak TLS (to a server run with --tls-cert).
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "bench/common/histogram.hpp"
#include "bench/common/options.hpp"
#include "bench/common/process_stats.hpp"
#include "bench/common/voice_signal.hpp"
#include "bench/forwarding/bot_connection.hpp"
#include "bench/forwarding/client_link.hpp"
#include "bench/forwarding/raw_websocket.hpp"
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
using salotto::bench::Histogram;
using salotto::bench::process_cpu_seconds;
using salotto::bench::rss_kb;

double now_ms() {
    return std::chrono::duration<double, std::milli>(Clock::now().time_since_epoch()).count();
}

// ---- room mode ---------------------------------------------------------------------------

struct Shared;

// One WebSocket connection: the speaker or a listener.
class Conn : public salotto::bench::BotConnection {
  public:
    Conn(asio::io_context& io, Shared& shared, std::string token, bool speaker);
    void start();
    std::uint64_t frames = 0;

  private:
    void on_text(std::string_view text) override;
    void on_binary(std::span<const std::uint8_t> batch) override;
    void on_failed(const std::string& why) override;
    void on_event(const protocol::Event& event);

    Shared& shared_;
    std::string token_;
    bool speaker_;
};

struct Shared {
    asio::ssl::context* tls = nullptr;
    tcp::endpoint server;
    std::string host_port;
    std::string room;
    std::vector<std::string> tokens;  // [0] the speaker
    std::shared_ptr<Conn> speaker;
    std::vector<std::shared_ptr<Conn>> listeners;
    std::size_t next_listener = 0;
    int in_flight = 0;  // listeners connecting, not yet ready
    int ready = 0;      // listeners whose audio started
    int failed = 0;
    bool speaker_ready = false;
    bool measuring = false;
    std::uint32_t speaker_id = 0;
    std::array<double, 65536> sent_at{};  // by sequence
    Histogram delay;
    std::uint64_t batches = 0;
    double last_text_ms = 0;  // when the last signalling message arrived
    std::function<void()> on_progress;
};

Conn::Conn(asio::io_context& io, Shared& shared, std::string token, bool speaker)
    : BotConnection(io, shared.tls, "salotto-loadgen"),
      shared_(shared),
      token_(std::move(token)),
      speaker_(speaker) {}

void Conn::start() {
    BotConnection::start(shared_.server, shared_.host_port);
}

void Conn::on_failed(const std::string& why) {
    if (shared_.failed++ < 5) std::fprintf(stderr, "loadgen: connection failed: %s\n", why.c_str());
    if (!speaker_ && shared_.in_flight > 0 && !shared_.measuring) --shared_.in_flight;
    if (shared_.on_progress) shared_.on_progress();
}

void Conn::on_text(std::string_view text) {
    shared_.last_text_ms = now_ms();
    // Hallway summaries and other people's membership news (members_changed,
    // member_updated) say nothing a listener bot needs: skip decoding them.
    if (text.find(R"("t":"hallway_room)") != std::string_view::npos ||
        text.find(R"("t":"member)") != std::string_view::npos)
        return;
    // decode_event refuses frames over kMaxTextFrame, and the room_state of a room
    // of ~175 members or more is larger; a listener only needs to know it arrived.
    if (text.size() > protocol::kMaxTextFrame) {
        if (text.find(R"("t":"room_state")") != std::string_view::npos)
            on_event(protocol::RoomState{});
        return;
    }
    auto decoded = protocol::decode_event(text);
    if (auto* event = std::get_if<protocol::Event>(&decoded)) on_event(*event);
}

void Conn::on_event(const protocol::Event& event) {
    if (std::holds_alternative<protocol::Welcome>(event)) {
        send_text(protocol::Resume{.token = token_});
    } else if (auto* s = std::get_if<protocol::Session>(&event)) {
        if (speaker_) {
            shared_.speaker_id = static_cast<std::uint32_t>(s->user.id);
            send_text(protocol::CreateRoom{.title = "Forwarding benchmark"});
        } else {
            send_text(protocol::JoinRoom{.room = shared_.room});
        }
    } else if (auto* r = std::get_if<protocol::RoomState>(&event)) {
        if (speaker_) shared_.room = r->room.id;
        send_text(protocol::StartAudio{});
    } else if (std::holds_alternative<protocol::AudioStarted>(event)) {
        if (speaker_) {
            shared_.speaker_ready = true;
        } else {
            ++shared_.ready;
            --shared_.in_flight;
        }
        if (shared_.on_progress) shared_.on_progress();
    } else if (auto* e = std::get_if<protocol::Error>(&event)) {
        fail("server error " + std::string(salotto::wire_name(e->code)) + " on " + e->in + ": " +
             e->message);
    }
}

void Conn::on_binary(std::span<const std::uint8_t> batch) {
    if (!shared_.measuring) return;
    const double now = now_ms();
    ++shared_.batches;
    protocol::read_batch(batch, [&](const protocol::AudioFrame& f) {
        if (f.speaker != shared_.speaker_id) return;
        ++frames;
        shared_.delay.add(now - shared_.sent_at[f.sequence]);
    });
}

struct RoomOptions {
    std::string host = "127.0.0.1";
    int port = 0;
    int server_pid = 0;
    int listeners = 100;
    int frame_ms = 10;
    double seconds = 10;
    std::string tokens_file;
    bool tls = false;
};

int run_room(const RoomOptions& o) {
    asio::io_context io{1};
    Shared shared;
    const auto tls = o.tls ? salotto::bench::make_bench_tls_context() : nullptr;
    shared.tls = tls.get();
    shared.server = {asio::ip::make_address(o.host), static_cast<unsigned short>(o.port)};
    shared.host_port = o.host + ":" + std::to_string(o.port);
    std::ifstream tokens(o.tokens_file);
    for (std::string t;
         std::getline(tokens, t) && static_cast<int>(shared.tokens.size()) <= o.listeners;)
        if (!t.empty()) shared.tokens.push_back(t);
    if (static_cast<int>(shared.tokens.size()) < o.listeners + 1) {
        std::fprintf(stderr, "loadgen: need %d tokens in %s\n", o.listeners + 1,
                     o.tokens_file.c_str());
        return 1;
    }

    // The speaker's frames: a voice-like signal, every frame sent (no VAD).
    audio::Encoder encoder({.frame_ms = o.frame_ms});
    const auto signal = salotto::bench::voice_signal(2.0);
    const auto samples = static_cast<std::size_t>(encoder.frame_samples());
    std::vector<std::vector<std::uint8_t>> packets;
    std::vector<int> levels;
    std::vector<std::uint8_t> packet(audio::kMaxPacketBytes);
    for (std::size_t i = 0; i + samples <= signal.size(); i += samples) {
        const auto pcm = std::span(signal).subspan(i, samples);
        const auto st = encoder.encode(pcm, packet);
        if (!st.ok()) return std::fprintf(stderr, "loadgen: encode failed\n"), 1;
        packets.emplace_back(packet.begin(), packet.begin() + st.value);
        levels.push_back(audio::frame_level(pcm));
    }

    // Joining is paced by the server's signalling; thousands of listeners take a while.
    const double setup_start = now_ms();
    const double setup_deadline = setup_start + 60000 + 40.0 * o.listeners;
    const long rss_before = rss_kb(o.server_pid);
    long rss_after = 0;
    double cpu_start = 0, cpu_end = 0, send_start = 0, send_end = 0;
    double self_cpu_start = 0, self_cpu_end = 0;
    std::uint64_t sent = 0;
    asio::steady_timer timer(io);
    constexpr int kMaxInFlight = 64;

    std::function<void()> send_frame;
    std::function<void()> start_measuring = [&] {
        rss_after = rss_kb(o.server_pid);
        shared.measuring = true;
        cpu_start = process_cpu_seconds(o.server_pid);
        self_cpu_start = process_cpu_seconds(getpid());
        send_start = now_ms();
        send_frame();
    };
    send_frame = [&] {
        const double elapsed = now_ms() - send_start;
        if (elapsed >= o.seconds * 1000) {
            send_end = now_ms();
            cpu_end = process_cpu_seconds(o.server_pid);
            self_cpu_end = process_cpu_seconds(getpid());
            timer.expires_after(std::chrono::milliseconds(500));  // let the last frames land
            timer.async_wait([&](boost::system::error_code) { io.stop(); });
            return;
        }
        const std::size_t k = sent % packets.size();
        std::array<std::uint8_t, protocol::kUpstreamHeaderBytes + audio::kMaxPacketBytes> msg{};
        protocol::AudioFrame frame;
        frame.sequence = static_cast<std::uint16_t>(sent);
        frame.timestamp = static_cast<std::uint32_t>(sent * samples);
        frame.level = static_cast<std::uint8_t>(levels[k]);
        frame.payload = packets[k];
        const auto size = protocol::write_upstream(frame, msg);
        shared.sent_at[frame.sequence] = now_ms();
        shared.speaker->send_binary(std::span(msg).first(size));
        ++sent;
        timer.expires_at(Clock::time_point(
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(
                send_start + static_cast<double>(sent) * o.frame_ms))));
        timer.async_wait([&](boost::system::error_code ec) {
            if (!ec) send_frame();
        });
    };

    shared.on_progress = [&] {
        if (shared.measuring) return;
        if (!shared.speaker_ready) {
            if (shared.failed) io.stop();
            return;
        }
        while (shared.in_flight < kMaxInFlight &&
               shared.next_listener < static_cast<std::size_t>(o.listeners)) {
            auto c = std::make_shared<Conn>(io, shared, shared.tokens[1 + shared.next_listener++],
                                            false);
            shared.listeners.push_back(c);
            ++shared.in_flight;
            c->start();
        }
    };
    // Reports set-up progress every second and enforces the set-up deadline.
    asio::steady_timer watchdog(io);
    int watch_ticks = 0;
    std::function<void()> watch = [&] {
        if (shared.measuring) return;
        if (++watch_ticks % 4 == 0)
            std::fprintf(stderr, "loadgen: %d/%d listeners ready, %d connecting, %d failed\n",
                         shared.ready, o.listeners, shared.in_flight, shared.failed);
        // Measure once everyone is in and the signalling has calmed down for a second.
        const bool all_in = shared.ready + shared.failed >= o.listeners;
        if ((all_in && now_ms() - shared.last_text_ms > 1000) || now_ms() > setup_deadline)
            return start_measuring();
        watchdog.expires_after(std::chrono::milliseconds(250));
        watchdog.async_wait([&](boost::system::error_code ec) {
            if (!ec) watch();
        });
    };
    shared.speaker = std::make_shared<Conn>(io, shared, shared.tokens[0], true);
    shared.speaker->start();
    watch();
    io.run();

    if (!shared.measuring) {
        std::printf("forwarding listeners=%d setup failed (ready %d, failed %d)\n", o.listeners,
                    shared.ready, shared.failed);
        return 1;
    }
    const double wall_s = (send_end - send_start) / 1000;
    const double cpu_s = cpu_end - cpu_start;
    std::uint64_t min_frames = sent, total = 0;
    for (const auto& c : shared.listeners) {
        min_frames = std::min(min_frames, c->frames);
        total += c->frames;
    }
    const double expected = static_cast<double>(sent) * o.listeners;
    std::printf(
        "forwarding listeners=%d ready=%d frame_ms=%d sent=%llu received_avg=%.1f "
        "received_min=%llu loss=%.3f%% p50_ms=%.2f p99_ms=%.2f server_cpu=%.1f%% "
        "loadgen_cpu=%.1f%% server_writes_per_cpu_s=%.0f rss_before_kb=%ld rss_after_kb=%ld "
        "rss_per_listener_kb=%.1f batches=%llu batch_audio_ms=%.1f setup_s=%.1f\n",
        o.listeners, shared.ready, o.frame_ms, static_cast<unsigned long long>(sent),
        static_cast<double>(total) / o.listeners, static_cast<unsigned long long>(min_frames),
        expected > 0 ? 100.0 * (1.0 - static_cast<double>(total) / expected) : 0.0,
        shared.delay.percentile(0.50), shared.delay.percentile(0.99), 100.0 * cpu_s / wall_s,
        100.0 * (self_cpu_end - self_cpu_start) / wall_s,
        cpu_s > 0 ? static_cast<double>(shared.batches) / cpu_s : 0.0, rss_before, rss_after,
        static_cast<double>(rss_after - rss_before) / o.listeners,
        static_cast<unsigned long long>(shared.batches),
        shared.batches > 0
            ? static_cast<double>(total) / static_cast<double>(shared.batches) * o.frame_ms
            : 0.0,
        (send_start - setup_start) / 1000);
    return 0;
}

// ---- idle mode ---------------------------------------------------------------------------

// One signed-out connection: upgrade, hello, one large text frame, then idle (it still
// answers the server's pings).
class IdleConn : public std::enable_shared_from_this<IdleConn> {
  public:
    struct Counts {
        int done = 0;
        int failed = 0;
        int in_flight = 0;
    };
    IdleConn(asio::io_context& io, asio::ssl::context* tls, std::size_t frame_bytes, Counts& counts)
        : link_(io, tls), frame_bytes_(frame_bytes), counts_(counts) {}

    void start(const tcp::endpoint& server, const std::string& host_port) {
        ++counts_.in_flight;
        link_.connect(server, [self = shared_from_this(), host_port](boost::system::error_code ec) {
            if (ec) return self->fail("connect: " + ec.message());
            self->send(salotto::bench::handshake_request(host_port, "/ws"));
            self->read();
        });
    }

  private:
    void send(std::string bytes) {
        out_ += bytes;
        if (!writing_.empty()) return;
        writing_.swap(out_);
        link_.write(asio::buffer(writing_),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                        if (ec) return self->fail("write: " + ec.message());
                        self->writing_.clear();
                        if (!self->out_.empty()) self->send({});
                    });
    }
    void send_text(std::string_view text) {
        std::string frame;
        salotto::bench::append_frame(
            frame, salotto::bench::kOpText,
            {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
        send(std::move(frame));
    }
    void read() {
        link_.read_some(asio::buffer(in_),
                        [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                            if (ec) return self->fail("read: " + ec.message());
                            self->on_bytes({self->in_.data(), n});
                            if (!self->closed_) self->read();
                        });
    }
    void on_bytes(std::span<const std::uint8_t> data) {
        if (!upgraded_) {
            header_.append(reinterpret_cast<const char*>(data.data()), data.size());
            const auto end = header_.find("\r\n\r\n");
            if (end == std::string::npos) return;
            upgraded_ = true;
            const std::string rest = header_.substr(end + 4);
            std::string().swap(header_);
            send_text(protocol::encode(protocol::Hello{.client = "salotto-idle"}));
            data = {reinterpret_cast<const std::uint8_t*>(rest.data()), rest.size()};
            if (data.empty()) return;
            return on_bytes_framed(data);
        }
        on_bytes_framed(data);
    }
    void on_bytes_framed(std::span<const std::uint8_t> data) {
        const bool ok =
            parser_.feed(data, [this](std::uint8_t op, std::span<const std::uint8_t> p) {
                if (op == salotto::bench::kOpPing) {
                    std::string pong;
                    salotto::bench::append_frame(pong, salotto::bench::kOpPong, p);
                    return send(std::move(pong));
                }
                if (op == salotto::bench::kOpClose) return fail("closed by the server");
                if (op != salotto::bench::kOpText) return;
                const std::string_view text(reinterpret_cast<const char*>(p.data()), p.size());
                if (text.find(R"("t":"welcome")") != std::string_view::npos) {
                    send_text(std::string(frame_bytes_, 'x'));
                } else if (text.find(R"("t":"error")") != std::string_view::npos) {
                    answered();
                }
            });
        if (!ok) fail("bad WebSocket frame");
    }
    // The server answered the large frame: this connection is in, and now idle.
    void answered() {
        if (counted_) return;
        counted_ = true;
        --counts_.in_flight;
        ++counts_.done;
    }
    void fail(const std::string& why) {
        if (closed_) return;
        closed_ = true;
        if (!counted_) {
            counted_ = true;
            --counts_.in_flight;
        }
        if (counts_.failed++ < 5)
            std::fprintf(stderr, "loadgen: idle connection: %s\n", why.c_str());
        link_.close();
    }

    salotto::bench::Link link_;
    std::size_t frame_bytes_;
    Counts& counts_;
    bool upgraded_ = false, counted_ = false, closed_ = false;
    std::string header_, out_, writing_;
    salotto::bench::FrameParser parser_;
    std::array<std::uint8_t, 4096> in_{};
};

// Two rounds of `connections` each. The first round's RSS growth includes what the
// server's allocator keeps after the busiest moment (64 connections mid-way through a
// large frame at once); the second round reuses that, so its growth is what one more
// idle connection costs.
int run_idle(const std::string& host, int port, int server_pid, int connections,
             std::size_t frame_bytes, bool use_tls) {
    asio::io_context io{1};
    const auto tls = use_tls ? salotto::bench::make_bench_tls_context() : nullptr;
    const tcp::endpoint server{asio::ip::make_address(host), static_cast<unsigned short>(port)};
    const std::string host_port = host + ":" + std::to_string(port);
    IdleConn::Counts counts;
    std::vector<std::shared_ptr<IdleConn>> conns;
    std::vector<long> rss{rss_kb(server_pid)};
    int started = 0;
    int target = 0;
    asio::steady_timer timer(io);
    double deadline = 0;
    // Starts connections 64 at a time; once a round has answered, lets the server
    // settle for two seconds, reads its RSS and starts the next round.
    std::function<void()> tick;
    const auto next_round = [&] {
        target += connections;
        deadline = now_ms() + 60000 + 20.0 * connections;
        tick();
    };
    tick = [&] {
        while (counts.in_flight < 64 && started < target) {
            conns.push_back(std::make_shared<IdleConn>(io, tls.get(), frame_bytes, counts));
            conns.back()->start(server, host_port);
            ++started;
        }
        if ((started == target && counts.in_flight == 0) || now_ms() > deadline) {
            timer.expires_after(std::chrono::seconds(2));  // two of the server's sweeps
            timer.async_wait([&](boost::system::error_code) {
                rss.push_back(rss_kb(server_pid));
                if (rss.size() < 3) return next_round();
                io.stop();
            });
            return;
        }
        timer.expires_after(std::chrono::milliseconds(10));
        timer.async_wait([&](boost::system::error_code ec) {
            if (!ec) tick();
        });
    };
    next_round();
    io.run();
    const auto per = [&](std::size_t round) {
        return static_cast<double>(rss[round + 1] - rss[round]) * 1024.0 / connections;
    };
    std::printf(
        "idle connections=%dx2 frame_bytes=%zu tls=%d answered=%d failed=%d rss_kb=%ld,%ld,%ld "
        "first_round_bytes_per_connection=%.0f second_round_bytes_per_connection=%.0f\n",
        connections, frame_bytes, use_tls ? 1 : 0, counts.done, counts.failed, rss[0], rss[1],
        rss.size() > 2 ? rss[2] : 0L, per(0), rss.size() > 2 ? per(1) : 0.0);
    return counts.done == 2 * connections ? 0 : 1;
}

// ---- ceiling mode --------------------------------------------------------------------------

void pin_to(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int run_ceiling(int sockets, int frame_ms, double seconds, int bytes, int writer_cpu,
                int reader_cpu) {
    asio::io_context io{1};
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    std::vector<tcp::socket> writers, readers;
    for (int i = 0; i < sockets; ++i) {
        writers.emplace_back(io);
        writers.back().connect(acceptor.local_endpoint());
        writers.back().set_option(tcp::no_delay(true));
        readers.push_back(acceptor.accept());
        readers.back().non_blocking(true);
    }
    std::atomic<bool> stop{false};
    std::thread reader([&] {
        pin_to(reader_cpu);
        const int ep = epoll_create1(0);
        for (int i = 0; i < sockets; ++i) {
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.fd = readers[static_cast<std::size_t>(i)].native_handle();
            epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev);
        }
        std::vector<epoll_event> events(1024);
        std::array<char, 65536> sink{};
        while (!stop.load(std::memory_order_relaxed)) {
            const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
            for (int i = 0; i < n; ++i)
                while (::read(events[static_cast<std::size_t>(i)].data.fd, sink.data(),
                              sink.size()) > 0) {
                }
        }
        ::close(ep);
    });
    pin_to(writer_cpu);
    std::vector<char> packet(static_cast<std::size_t>(bytes), 'x');
    const double cpu_start = thread_cpu_seconds();
    const auto start = Clock::now();
    std::uint64_t writes = 0, failed = 0, late_ticks = 0;
    for (std::uint64_t tick = 0;; ++tick) {
        const auto due = start + std::chrono::milliseconds(frame_ms) * tick;
        if (due - start >= std::chrono::duration<double>(seconds)) break;
        if (Clock::now() > due + std::chrono::milliseconds(frame_ms)) ++late_ticks;
        std::this_thread::sleep_until(due);
        for (auto& s : writers) {
            if (::write(s.native_handle(), packet.data(), packet.size()) > 0)
                ++writes;
            else
                ++failed;
        }
    }
    const double cpu = thread_cpu_seconds() - cpu_start;
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    stop = true;
    reader.join();
    std::printf(
        "ceiling sockets=%d frame_ms=%d bytes=%d writes=%llu failed=%llu late_ticks=%llu "
        "writer_cpu=%.1f%% writes_per_cpu_s=%.0f\n",
        sockets, frame_ms, bytes, static_cast<unsigned long long>(writes),
        static_cast<unsigned long long>(failed), static_cast<unsigned long long>(late_ticks),
        100 * cpu / wall, cpu > 0 ? static_cast<double>(writes) / cpu : 0.0);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto value = [&](const std::string& name, const std::string& fallback) {
        return salotto::bench::option(args, name, fallback);
    };
    const std::string usage =
        "usage: salotto-bench-forwarding room --port P --server-pid PID --tokens FILE "
        "[--listeners N] [--frame-ms 10|20] [--seconds S] [--tls]\n"
        "       salotto-bench-forwarding idle --port P --server-pid PID [--connections N] "
        "[--frame-bytes B] [--tls]\n"
        "       salotto-bench-forwarding ceiling [--sockets N] [--frame-ms F] [--seconds S] "
        "[--bytes B] [--writer-cpu C] [--reader-cpu C]\n";
    if (args.empty()) return std::fputs(usage.c_str(), stderr), 2;
    if (args[0] == "ceiling")
        return run_ceiling(std::stoi(value("--sockets", "1000")),
                           std::stoi(value("--frame-ms", "10")), std::stod(value("--seconds", "5")),
                           std::stoi(value("--bytes", "60")), std::stoi(value("--writer-cpu", "0")),
                           std::stoi(value("--reader-cpu", "1")));
    const bool tls = std::find(args.begin(), args.end(), "--tls") != args.end();
    if (args[0] == "idle")
        return run_idle(value("--host", "127.0.0.1"), std::stoi(value("--port", "0")),
                        std::stoi(value("--server-pid", "0")),
                        std::stoi(value("--connections", "500")),
                        std::stoul(value("--frame-bytes", "16384")), tls);
    if (args[0] != "room") return std::fputs(usage.c_str(), stderr), 2;
    RoomOptions o;
    o.host = value("--host", o.host);
    o.port = std::stoi(value("--port", "0"));
    o.server_pid = std::stoi(value("--server-pid", "0"));
    o.tokens_file = value("--tokens", "");
    o.listeners = std::stoi(value("--listeners", "100"));
    o.frame_ms = std::stoi(value("--frame-ms", "10"));
    o.seconds = std::stod(value("--seconds", "10"));
    o.tls = tls;
    return run_room(o);
}
