// salotto-bot: a native Salotto client for tests, demos and load. It signs in, can
// mint invites, creates or joins a room, starts audio, and then either speaks a WAV
// file (waiting to be invited on stage if needed) or listens and records the mix.
//
// stdout carries what scripts read ("token ...", "invite ...", "room ..."); logs go
// to stderr.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <variant>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "core/protocol/messages.hpp"
#include "tools/bot/listener.hpp"
#include "tools/bot/session.hpp"
#include "tools/bot/speaker.hpp"
#include "tools/bot/wav_io.hpp"

namespace {

namespace protocol = salotto::protocol;
namespace tools = salotto::tools;

struct Options {
    std::string host = "127.0.0.1";
    std::string port = "8080";
    std::string invite, handle, name, password = "bot-password", token;
    int print_invites = 0;
    std::string create_room, join;
    std::string speak;   // WAV to speak
    std::string record;  // WAV to record (listening)
    double duration = 10;
    int frame_ms = 10;
    bool no_vad = false;
};

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};

class Bot {
  public:
    Bot(boost::asio::io_context& io, Options options, std::vector<float> speech)
        : io_(io),
          options_(std::move(options)),
          speech_(std::move(speech)),
          session_(io,
                   {.on_open = [this] { session_.send(protocol::Hello{.client = "salotto-bot"}); },
                    .on_event = [this](const protocol::Event& e) { on_event(e); },
                    .on_audio = [this](std::span<const std::uint8_t> m) { on_audio(m); },
                    .on_close = [this](std::string_view why) { on_close(why); }}),
          deadline_(io) {}

    void start() { session_.connect(options_.host, options_.port); }
    int exit_code() const { return exit_code_; }

    // SIGINT/SIGTERM: end as if the work were done, so the summary is printed and the
    // recording closed properly. Returns false when already ending.
    bool interrupt() {
        if (done_) return false;
        finish(EXIT_SUCCESS);
        return true;
    }

  private:
    bool speaking_mode() const { return !options_.speak.empty(); }

    void finish(int code) {
        exit_code_ = code;
        if (listener_) {
            listener_->stop();
            print_listener_stats();
        }
        if (speaker_) {
            const auto s = speaker_->stats();
            spdlog::info("spoke {} frames, sent {} ({} silent frames held back)", s.frames, s.sent,
                         s.frames - s.sent);
        }
        deadline_.cancel();
        done_ = true;
        session_.close();
    }

    void on_close(std::string_view why) {
        if (!done_) {
            spdlog::error("connection lost: {}", why);
            exit_code_ = EXIT_FAILURE;
        }
        io_.stop();
    }

    void on_event(const protocol::Event& event) {
        std::visit(Overloaded{
                       [&](const protocol::Welcome&) { sign_in(); },
                       [&](const protocol::Session& s) {
                           me_ = s.user.id;
                           if (s.token) std::cout << "token " << *s.token << std::endl;
                           spdlog::info("signed in as @{} (id {})", s.user.handle, s.user.id);
                           for (int i = 0; i < options_.print_invites; ++i)
                               session_.send(protocol::CreateInvite{});
                           if (options_.print_invites == 0) enter_room();
                       },
                       [&](const protocol::Invite& i) {
                           std::cout << "invite " << i.code << std::endl;
                           if (++invites_seen_ == options_.print_invites) enter_room();
                       },
                       [&](const protocol::RoomState& r) {
                           std::cout << "room " << r.room.id << std::endl;
                           for (const auto& m : r.room.members)
                               if (m.id == me_) on_me(m);
                           session_.send(protocol::StartAudio{});
                       },
                       [&](const protocol::MemberUpdated& u) {
                           if (u.member.id == me_) on_me(u.member);
                           if (speaking_mode() && on_stage_ && !muted_ && audio_started_) speak();
                       },
                       [&](const protocol::AudioStarted&) {
                           audio_started_ = true;
                           spdlog::info("audio started");
                           if (!speaking_mode()) return listen();
                           if (!on_stage_)
                               spdlog::info("waiting to be invited on stage");
                           else if (muted_)
                               session_.send(protocol::SetMute{.muted = false});
                           else
                               speak();
                       },
                       [&](const protocol::AudioStopped&) {
                           spdlog::warn("the server stopped this connection's audio");
                           finish(EXIT_FAILURE);
                       },
                       [&](const protocol::RoomEnded&) { finish(EXIT_SUCCESS); },
                       [&](const protocol::Error& e) {
                           spdlog::error("{} answered {}: {}", e.in.empty() ? "frame" : e.in,
                                         salotto::wire_name(e.code), e.message);
                           if (e.in != "set_mute") finish(EXIT_FAILURE);
                       },
                       [&](const auto&) {},
                   },
                   event);
    }

    void sign_in() {
        if (!options_.token.empty())
            session_.send(protocol::Resume{.token = options_.token});
        else if (!options_.invite.empty())
            session_.send(
                protocol::Signup{.invite = options_.invite,
                                 .handle = options_.handle,
                                 .name = options_.name.empty() ? options_.handle : options_.name,
                                 .password = options_.password});
        else
            session_.send(
                protocol::Login{.handle = options_.handle, .password = options_.password});
    }

    void enter_room() {
        if (!options_.create_room.empty())
            session_.send(protocol::CreateRoom{.title = options_.create_room});
        else if (!options_.join.empty())
            session_.send(protocol::JoinRoom{.room = options_.join});
        else
            finish(EXIT_SUCCESS);  // sign-in (and invites) only
    }

    void on_me(const protocol::Member& me) {
        const bool was_on_stage = on_stage_;
        on_stage_ = me.role != protocol::Role::audience;
        muted_ = me.muted;
        if (speaking_mode() && audio_started_ && on_stage_ && !was_on_stage && muted_) {
            spdlog::info("invited on stage: unmuting");
            session_.send(protocol::SetMute{.muted = false});
        }
    }

    void speak() {
        if (speaker_) return;
        speaker_.emplace(
            io_, std::move(speech_),
            tools::SpeakerConfig{.frame_ms = options_.frame_ms, .vad = !options_.no_vad},
            [this](std::span<const std::uint8_t> m) { session_.send_audio(m); },
            [this] { finish(EXIT_SUCCESS); });
        if (!speaker_->start()) {
            spdlog::error("cannot create the Opus encoder");
            return finish(EXIT_FAILURE);
        }
        spdlog::info("speaking {} ({} ms frames)", options_.speak, options_.frame_ms);
    }

    void listen() {
        if (!options_.record.empty()) {
            recorder_.emplace(options_.record);
            if (!recorder_->error().empty()) {
                spdlog::error("{}", recorder_->error());
                return finish(EXIT_FAILURE);
            }
        }
        listener_.emplace(io_, [this](std::span<const float> mix) {
            if (recorder_) recorder_->write(mix);
        });
        listener_->start();
        spdlog::info("listening for {} s", options_.duration);
        deadline_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(options_.duration)));
        deadline_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) finish(EXIT_SUCCESS);
        });
    }

    void on_audio(std::span<const std::uint8_t> message) {
        if (listener_ && !listener_->on_batch(message)) spdlog::warn("malformed audio batch");
    }

    void print_listener_stats() {
        std::cout << "heard " << listener_->frames() << " frames in " << listener_->batches()
                  << " batches" << std::endl;
        for (const auto& [id, s] : listener_->stats())
            std::cout << "speaker " << id << ": received " << s.received << " played " << s.played
                      << " concealed " << s.concealed << " recovered " << s.recovered << " late "
                      << s.late << " duplicate " << s.duplicate << " dropped " << s.dropped
                      << " jitter " << s.jitter_ms << " ms depth " << s.depth_ms << " ms target "
                      << s.target_ms << " ms playout delay avg " << s.mean_delay_ms << " ms"
                      << std::endl;
    }

    boost::asio::io_context& io_;
    Options options_;
    std::vector<float> speech_;
    tools::Session session_;
    boost::asio::steady_timer deadline_;
    protocol::UserId me_ = 0;
    int invites_seen_ = 0;
    bool on_stage_ = false;
    bool muted_ = true;
    bool audio_started_ = false;
    bool done_ = false;
    int exit_code_ = EXIT_SUCCESS;
    std::optional<tools::Speaker> speaker_;
    std::optional<tools::Listener> listener_;
    std::optional<tools::WavWriter> recorder_;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"salotto-bot: a scriptable Salotto client that speaks or listens in a room"};
    Options o;
    app.add_option("--host", o.host, "server host")->capture_default_str();
    app.add_option("--port", o.port, "server port")->capture_default_str();
    auto* invite = app.add_option("--invite", o.invite, "sign up with this invite code");
    app.add_option("--handle", o.handle, "handle (sign-up or log-in)");
    app.add_option("--name", o.name, "display name for sign-up (default: the handle)");
    app.add_option("--password", o.password, "password")->capture_default_str();
    auto* token = app.add_option("--token", o.token, "resume a session token instead");
    invite->excludes(token);
    app.add_option("--print-invites", o.print_invites, "create N invites and print them")
        ->check(CLI::Range(0, 3));
    auto* create = app.add_option("--create-room", o.create_room, "create a room; prints its id");
    app.add_option("--join", o.join, "join this room id")->excludes(create);
    auto* speak = app.add_option("--speak", o.speak, "WAV file (48 kHz mono) to speak")
                      ->check(CLI::ExistingFile);
    app.add_option("--record", o.record, "listen and write what is heard to this WAV file")
        ->excludes(speak);
    app.add_option("--duration", o.duration, "seconds to listen")->capture_default_str();
    app.add_option("--frame-ms", o.frame_ms, "frame length when speaking")
        ->check(CLI::IsMember({10, 20}))
        ->capture_default_str();
    app.add_flag("--no-vad", o.no_vad, "send silence too (no voice activity gating)");
    CLI11_PARSE(app, argc, argv);

    spdlog::set_default_logger(spdlog::stderr_color_mt("bot"));
    if (o.token.empty() && o.handle.empty()) {
        std::cerr << "salotto-bot: give --token, or --handle (with --invite to sign up)\n";
        return EXIT_FAILURE;
    }
    std::vector<float> speech;
    if (!o.speak.empty()) {
        auto read = tools::read_wav_48k_mono(o.speak);
        if (auto* error = std::get_if<std::string>(&read)) {
            std::cerr << "salotto-bot: " << *error << "\n";
            return EXIT_FAILURE;
        }
        speech = std::move(std::get<std::vector<float>>(read));
    }

    boost::asio::io_context io{1};
    Bot bot(io, std::move(o), std::move(speech));
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    // The first signal ends the bot cleanly; a second one (or one while it is already
    // closing) stops it at once.
    std::function<void(const boost::system::error_code&, int)> on_signal =
        [&](const boost::system::error_code& ec, int) {
            if (ec) return;
            if (bot.interrupt()) {
                signals.async_wait(on_signal);
            } else {
                io.stop();
            }
        };
    signals.async_wait(on_signal);
    bot.start();
    io.run();
    return bot.exit_code();
}
