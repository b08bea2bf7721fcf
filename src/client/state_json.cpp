// state() for tests and embedders; the shapes follow docs/client-test-api.md.
#include "client/state_json.hpp"

#include <nlohmann/json.hpp>

#include "client/reducer.hpp"

namespace salotto::client {

namespace p = protocol;
using nlohmann::json;

namespace {

// Declared up front so array_of() finds every overload.
json to_json(const p::User& u);
json to_json(const p::Member& m);
json to_json(const p::RoomSummary& r);
json to_json(const p::InviteInfo& i);
json to_json(const p::Notification& n);
json to_json(const p::FriendPlace& f);
json to_json(const p::EventInfo& e);
json to_json(const p::ClubSummary& c);
json to_json(const p::ClubMember& m);

json to_json(const p::User& u) {
    return {{"id", u.id}, {"handle", u.handle}, {"name", u.name}, {"avatar", u.avatar}};
}

json to_json(const std::optional<p::User>& u) {
    return u ? to_json(*u) : json(nullptr);
}

json to_json(const p::Member& m) {
    return {
        {"id", m.id},     {"handle", m.handle}, {"name", m.name},    {"role", p::wire_name(m.role)},
        {"hand", m.hand}, {"muted", m.muted},   {"avatar", m.avatar}};
}

template <class T>
json array_of(const std::vector<T>& items) {
    json a = json::array();
    for (const auto& item : items) a.push_back(to_json(item));
    return a;
}

json to_json(const p::RoomSummary& r) {
    return {{"id", r.id},
            {"title", r.title},
            {"type", p::wire_name(r.type)},
            {"speakers", array_of(r.speakers)},
            {"listeners", r.listeners},
            {"club", r.club ? json{{"id", r.club->id}, {"name", r.club->name}} : json(nullptr)}};
}

json to_json(const p::ClubSummary& c) {
    return {{"id", c.id},         {"name", c.name},       {"description", c.description},
            {"avatar", c.avatar}, {"members", c.members}, {"followers", c.followers}};
}

json to_json(const p::ClubMember& m) {
    return {{"user", to_json(m.user)}, {"role", m.role}};
}

// state().clubs: the club page open, the user's clubs and invitations, and the form.
json clubs_json(const ClubsState& c) {
    json page = nullptr;
    if (c.page)
        page = {{"club", to_json(c.page->club)},
                {"room_access", c.page->room_access},
                {"your_role", c.page->your_role},
                {"invited", c.page->invited},
                {"requested", c.page->requested},
                {"members", array_of(c.page->members)},
                {"invitations", array_of(c.page->invitations)},
                {"requests", array_of(c.page->requests)},
                {"rooms", array_of(c.page->rooms)},
                {"events", array_of(c.page->events)}};
    json mine = json::array();
    for (const auto& m : c.mine.clubs)
        mine.push_back({{"club", to_json(m.club)}, {"role", m.role}});
    json form = {{"open", c.form.open},
                 {"editing", c.form.editing},
                 {"pending", c.form.pending},
                 {"error", c.form.error ? json{{"code", c.form.error->code},
                                               {"message", c.form.error->message}}
                                        : json(nullptr)}};
    return {{"open", c.open},
            {"page", std::move(page)},
            {"mine", std::move(mine)},
            {"invitations", array_of(c.mine.invitations)},
            {"form", std::move(form)}};
}

json to_json(const p::InviteInfo& i) {
    return {{"code", i.code},
            {"expires", i.expires},
            {"used_by", to_json(i.used_by)},
            {"state", i.state ? json(*i.state) : json(nullptr)}};
}

json to_json(const p::Notification& n) {
    return {{"id", n.id},
            {"kind", n.kind},
            {"from", to_json(n.from)},
            {"room", n.room ? json(*n.room) : json(nullptr)},
            {"room_title", n.room_title ? json(*n.room_title) : json(nullptr)},
            {"at", n.at},
            {"read", n.read},
            {"event", n.event ? json(*n.event) : json(nullptr)}};
}

json to_json(const p::EventInfo& e) {
    return {{"id", e.id},
            {"title", e.title},
            {"description", e.description},
            {"starts", e.starts},
            {"time_zone", e.time_zone},
            {"local_start", e.local_start},
            {"hosts", array_of(e.hosts)},
            {"interested", e.interested},
            {"room", e.room ? json(*e.room) : json(nullptr)},
            {"cancelled", e.cancelled},
            {"club", e.club ? json{{"id", e.club->id}, {"name", e.club->name}} : json(nullptr)}};
}

json to_json(const p::FriendPlace& f) {
    return {{"user", to_json(f.user)}, {"room", f.room}};
}

// state().ranked: the hallway as shown, in order, each card with its reason.
json ranked_json(const AppState& s) {
    json a = json::array();
    for (const auto& r : ranked_hallway(s))
        a.push_back({{"id", s.hallway[r.index].id},
                     {"tier", static_cast<int>(r.tier)},
                     {"reason", r.reason}});
    return a;
}

// state().audio: what the room shows of the audio, plus the raw figures.
json audio_json(const AppState& s) {
    const AudioState& a = s.audio;
    json levels = json::object();
    json speakers = json::array();
    for (const auto& sp : a.speakers) {
        levels[std::to_string(sp.id)] = sp.playing ? sp.level : 0;
        speakers.push_back({{"id", sp.id},
                            {"level", sp.level},
                            {"playing", sp.playing},
                            {"depth_ms", sp.depth_ms},
                            {"target_ms", sp.target_ms},
                            {"jitter_ms", sp.jitter_ms},
                            {"received", sp.received},
                            {"late", sp.late},
                            {"concealed", sp.concealed},
                            {"recovered", sp.recovered},
                            {"dropped", sp.dropped},
                            {"played", sp.played},
                            {"delay_ms", sp.delay_ms}});
    }
    if (s.user) levels[std::to_string(s.user->id)] = mic_status(s) == "live" ? a.my_level : 0;
    auto device_list = [](const std::vector<AudioDevice>& list) {
        json out = json::array();
        for (const auto& d : list) out.push_back({{"id", d.id}, {"label", d.label}});
        return out;
    };
    json track = nullptr;
    if (a.track)
        track = {{"device", a.track->device},
                 {"label", a.track->label},
                 {"echo_cancellation", a.track->echo_cancellation},
                 {"noise_suppression", a.track->noise_suppression},
                 {"auto_gain", a.track->auto_gain}};
    return {{"joined", a.joined},
            {"settings", json::parse(audio_settings_json(s.audio_settings))},
            {"inputs", device_list(a.inputs)},
            {"outputs", device_list(a.outputs)},
            {"output_choice", a.output_choice},
            {"testing", a.testing},
            {"my_level", a.my_level},
            {"track", track},
            {"needs_gesture", a.needs_gesture},
            {"started", a.started},
            {"mic", mic_status(s)},
            {"mic_message", a.mic_message},
            {"speaking", a.speaking},
            {"levels", levels},
            {"stats",
             {{"rtt_ms", a.rtt_ms},
              {"sent", a.frames_sent},
              {"dropped", a.frames_dropped},
              {"received", a.batches_received},
              {"speakers", speakers}}}};
}

// state().password_form: never the passwords themselves, only how much is typed.
json password_form_json(const PasswordForm& f) {
    auto typed = [](const auto& buffer) { return std::string_view(buffer.data()).size(); };
    json j = {
        {"pending", f.pending},
        {"error", nullptr},
        {"typed",
         {{"current", typed(f.current)}, {"new", typed(f.fresh)}, {"repeat", typed(f.repeat)}}}};
    if (f.error) j["error"] = {{"code", f.error->code}, {"message", f.error->message}};
    return j;
}

}  // namespace

std::string state_json(const AppState& s) {
    json j = {
        {"ready", true},
        {"screen", screen_name(s.screen)},
        {"lang", lang_code(s.lang)},
        {"connected", s.connected},
        {"user", to_json(s.user)},
        {"hallway", array_of(s.hallway)},
        {"room", nullptr},
        {"invites", array_of(s.invites)},
        {"remaining_invites", s.remaining_invites},
        {"last_created_invite", nullptr},
        {"profile", nullptr},
        {"error", nullptr},
        {"notice", s.notice},
        {"emoji_font", s.emoji_font},
        {"password_form", password_form_json(s.password_form)},
        {"confirm_logout_everywhere", s.confirm_logout_everywhere},
        {"picture_pending", s.picture.pending},
        {"picture_club", s.picture.club},
        {"audio", audio_json(s)},
        {"ranked", ranked_json(s)},
        {"following", s.following},
        {"blocked", s.blocked},
        {"places", array_of(s.places)},
        {"unread", s.unread},
        {"notifications", array_of(s.notifications)},
        {"follows", nullptr},
    };
    if (s.follows) {
        j["follows"] = {{"user", s.follows->user},
                        {"followers", s.follows->followers},
                        {"items", array_of(s.follows->items)},
                        {"total", s.follows->total}};
    }
    if (s.room) {
        j["room"] = {
            {"id", s.room->id},
            {"title", s.room->title},
            {"type", p::wire_name(s.room->type)},
            {"members", array_of(s.room->members)},
            {"hands_allowed", s.room->hands_allowed},
            {"link_joins", s.room->link_joins},
            {"knocks", array_of(s.room->knocks)},
            {"chat_allowed", s.room->chat_allowed},
            {"club", s.room->club ? json{{"id", s.room->club->id}, {"name", s.room->club->name}}
                                  : json(nullptr)}};
        // Recording (replays.hpp): whether the room is being recorded, and whether we
        // were just brought on stage (the invitation card is up).
        j["room"]["recording"] = room_recorded(s);
        j["room"]["stage_invitation"] = s.replays.stage_invitation == s.room->id;
    }
    // Replays (replays.hpp): the list last answered, what plays, an ended room's page.
    json replays = json::array();
    if (s.replays.list)
        for (const auto& r : s.replays.list->items)
            replays.push_back({{"id", r.id},
                               {"room", r.room},
                               {"title", r.title},
                               {"duration_ms", r.duration_ms}});
    j["replays"] = {
        {"room", s.replays.list && s.replays.list->room ? json(*s.replays.list->room) : json()},
        {"items", std::move(replays)},
        {"playing", s.replays.playing ? json(s.replays.playing->id) : json()}};
    j["ended_room"] = nullptr;
    if (const auto& ended = s.replays.ended)
        j["ended_room"] = {
            {"id", ended->id}, {"title", ended->title}, {"confirmed", ended->confirmed}};
    // Chat and reactions in the room.
    json messages = json::array();
    for (const auto& m : s.chat.messages)
        messages.push_back(
            {{"id", m.id}, {"from", to_json(m.from)}, {"text", m.text}, {"at", m.at}});
    j["chat"] = {{"room", s.chat.room},
                 {"loaded", s.chat.loaded},
                 {"open", s.chat_open},
                 {"unread", s.chat.unread},
                 {"messages", std::move(messages)}};
    json counts = json::object();
    for (const auto& c : s.reactions.counts) counts[c.kind] = c.count;
    j["reactions"] = {{"events", s.reactions.events}, {"counts", std::move(counts)}};
    j["knock"] = nullptr;
    if (s.knock) {
        j["knock"] = {{"room", s.knock->room},
                      {"title", s.knock->title},
                      {"status", knock_status_name(s.knock->status)}};
    }
    if (s.last_created_invite) j["last_created_invite"] = *s.last_created_invite;
    if (s.profile) {
        j["profile"] = {
            {"user", to_json(s.profile->user)},    {"bio", s.profile->bio},
            {"joined", s.profile->joined},         {"invited_by", to_json(s.profile->invited_by)},
            {"followers", s.profile->followers},   {"following", s.profile->following},
            {"you_follow", s.profile->you_follow}, {"follows_you", s.profile->follows_you},
            {"you_block", s.profile->you_block}};
    }
    if (s.error) j["error"] = {{"code", s.error->code}, {"message", s.error->message}};
    // Invite management, admin, search and sharing.
    j["invite_link"] = s.invite_link;
    j["last_copied"] = s.last_copied;
    j["account_status"] = nullptr;
    if (const auto& a = s.account_status)
        j["account_status"] = {{"user", to_json(a->user)},
                               {"admin", a->admin},
                               {"disabled", a->disabled},
                               {"invite_quota", a->invite_quota},
                               {"invites_left", a->invites_left}};
    j["search"] = {{"sent", s.search.sent},
                   {"answered", s.search.answered},
                   {"waiting", s.search.due},
                   {"users", array_of(s.search.users)},
                   {"rooms", array_of(s.search.rooms)},
                   {"clubs", array_of(s.search.clubs)}};
    j["clubs"] = clubs_json(s.clubs);
    // Scheduled events.
    const auto& events = s.events;
    json form = {{"open", events.form.open},
                 {"editing", events.form.editing},
                 {"pending", events.form.pending},
                 {"club", events.form.club ? json(*events.form.club) : json(nullptr)},
                 {"error", nullptr}};
    if (events.form.error)
        form["error"] = {{"code", events.form.error->code},
                         {"message", events.form.error->message}};
    j["events"] = {{"upcoming", array_of(events.upcoming)},
                   {"notify", events.notify},
                   {"shown", events.shown ? to_json(*events.shown) : json(nullptr)},
                   {"form", std::move(form)}};
    // Invalid UTF-8 from a peer must not make state() throw: replace it.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace salotto::client
