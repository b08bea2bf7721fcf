// A room: the stage, the audience, raised hands, and what you (and moderators) can
// do. People are tiles, ringed while they speak; clicking one opens their card in the
// dock at the bottom, which otherwise holds your own actions (join audio, mute,
// raise hand, leave the stage). An optional panel shows the audio connection's
// figures per speaker (docs/audio.md); another, opened from the header, the audio
// settings (audio_settings_panel.cpp), and a person's card has their volume.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "client/audio_report.hpp"
#include "client/deep_link.hpp"
#include "client/draw.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"
#include "core/room/room.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

std::string id_of(std::string_view prefix, p::UserId id) {
    return std::string(prefix) + std::to_string(id);
}

using room::is_moderator;
using room::on_stage;

std::string role_label(Lang lang, p::Role role) {
    switch (role) {
        case p::Role::moderator:
            return tr(lang, "room.role_moderator");
        case p::Role::speaker:
            return tr(lang, "room.role_speaker");
        case p::Role::audience:
            return tr(lang, "room.role_listener");
    }
    return "";
}

// Levels at or below this draw no speaking ring: room noise.
constexpr int kRingFloorLevel = kSpeakingFloorLevel;

// What a screen reader says for a person's tile: the name, then whether they are on
// stage, speaking, muted, have a hand up, moderate.
std::string member_label(const AppState& state, const p::Member& m) {
    const Lang lang = state.lang;
    std::string states = on_stage(m) ? tr(lang, "a11y.on_stage") : tr(lang, "a11y.listening");
    auto add = [&](const std::string& s) { states += ", " + s; };
    if (speaking_level(state, m) > kRingFloorLevel) add(tr(lang, "a11y.speaking"));
    if (on_stage(m) && m.muted) add(tr(lang, "a11y.muted"));
    if (m.hand) add(tr(lang, "a11y.hand_raised"));
    if (is_moderator(m)) add(tr(lang, "a11y.moderator"));
    const bool self = state.user && state.user->id == m.id;
    return self ? tr(lang, "a11y.you", {{"name", m.name}, {"states", states}})
                : tr(lang, "a11y.person", {{"name", m.name}, {"states", states}});
}

// A ring around a speaking avatar, thicker when louder.
void speaking_ring(ImDrawList* dl, ImVec2 c, float radius, int level) {
    if (level <= kRingFloorLevel) return;
    float loudness = std::min(1.0f, (level - kRingFloorLevel) / 40.0f);
    dl->AddCircle(c, radius + 4 + 2 * loudness, color::kModerator, 0, 2.5f + 3 * loudness);
}

// A microphone struck through, for people on stage who are muted.
void muted_mark(ImDrawList* dl, ImVec2 c, float r) {
    dl->AddCircleFilled(c, r + 2, IM_COL32_WHITE);
    dl->AddCircleFilled(c, r, color::kTextDim);
    dl->AddRectFilled(ImVec2(c.x - r * 0.22f, c.y - r * 0.6f),
                      ImVec2(c.x + r * 0.22f, c.y + r * 0.15f), IM_COL32_WHITE, r * 0.22f);
    dl->AddLine(ImVec2(c.x, c.y + r * 0.3f), ImVec2(c.x, c.y + r * 0.55f), IM_COL32_WHITE,
                r * 0.14f);
    dl->AddLine(ImVec2(c.x - r * 0.55f, c.y - r * 0.55f), ImVec2(c.x + r * 0.55f, c.y + r * 0.55f),
                IM_COL32_WHITE, r * 0.16f);
}

// A member tile's height: the avatar and, under it, the name.
float tile_height(float radius) {
    return 2 * radius + 44;
}

// A person as a tile: avatar, marks, name. Clicking opens (or closes) their card.
void member_tile(Ui& ui, const p::Member& m, float radius, float width) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float height = tile_height(radius);
    ImGui::PushID(static_cast<int>(m.id));
    bool clicked = ImGui::InvisibleButton("member", ImVec2(width, height));
    ImGui::PopID();
    bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    clicked |= ui.rects.record_last_item(id_of("room.member.", m.id), member_label(ui.state, m));
    ui.rects.mark_expanded(ui.ui.selected == m.id);
    if (clicked) {
        ui.ui.selected = ui.ui.selected == m.id ? 0 : m.id;
        // The card shows the profile's bio and counts as soon as they arrive.
        if (ui.ui.selected == m.id) ui.send(p::GetProfile{m.handle});
    }

    bool selected = ui.ui.selected == m.id;
    if (selected || hovered) {
        dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height),
                          selected ? color::kSoftHover : color::kSoft, 14);
    }
    ImVec2 c(pos.x + width * 0.5f, pos.y + 8 + radius);
    ui.ui.avatar_spots[m.id] = {c, radius};
    speaking_ring(dl, c, radius, speaking_level(ui.state, m));
    avatar(ui, dl, c, radius, m.id, m.name, m.avatar);
    float mark = std::max(9.0f, radius * 0.3f);
    float offset = radius * 0.74f;
    if (is_moderator(m)) moderator_mark(dl, ImVec2(c.x + offset, c.y + offset), mark);
    if (on_stage(m) && m.muted) muted_mark(dl, ImVec2(c.x - offset, c.y + offset), mark);
    if (m.hand) hand_mark(dl, ImVec2(c.x + offset, c.y - offset), mark + 2);
    // Someone the user blocked (docs/protocol.md, "Blocks"): a red ring.
    if (blocks(ui.state, m.id)) dl->AddCircle(c, radius + 4, color::kDanger, 0, 3.0f);

    bool self = ui.state.user && ui.state.user->id == m.id;
    float text_width = ui.fonts.body->CalcTextSizeA(kBodySize, FLT_MAX, 0, m.name.c_str()).x;
    float x = std::max(pos.x + 4, std::round(c.x - text_width * 0.5f));
    text_clipped(dl, ui.fonts.body, kBodySize, ImVec2(x, c.y + radius + 8), pos.x + width - 4,
                 self ? color::kAccent : color::kText, m.name);
}

void tile_grid(Ui& ui, const std::vector<const p::Member*>& members, float radius, float width) {
    constexpr float kGap = 6;
    float avail = ImGui::GetContentRegionAvail().x;
    const std::size_t columns =
        static_cast<std::size_t>(std::max(1, static_cast<int>((avail + kGap) / (width + kGap))));
    const int rows = static_cast<int>((members.size() + columns - 1) / columns);
    const float row_height = tile_height(radius) + ImGui::GetStyle().ItemSpacing.y;
    // A big room's audience is thousands of tiles: only the rows in view are laid out
    // and drawn; the clipper stands in for the rest with their height. The DOM mirror
    // still lists the kOffscreenListed people nearest the view on each side, so a
    // screen reader or keyboard reaches them; activating one scrolls to them and opens
    // their card.
    constexpr std::size_t kOffscreenListed = 50;
    const float top = ImGui::GetCursorScreenPos().y;
    const float clip_top = ImGui::GetWindowDrawList()->GetClipRectMin().y;
    const std::size_t records_before = ui.rects.count();
    std::size_t drawn_first = members.size(), drawn_end = 0;
    ImGuiListClipper clipper;
    clipper.Begin(rows, row_height);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const std::size_t first = static_cast<std::size_t>(row) * columns;
            const std::size_t end = std::min(members.size(), first + columns);
            for (std::size_t i = first; i < end; ++i) {
                if (i != first) ImGui::SameLine(0, kGap);
                member_tile(ui, *members[i], radius, width);
                drawn_first = std::min(drawn_first, i);
                drawn_end = std::max(drawn_end, i + 1);
            }
        }
    }
    // Nothing drawn: the whole grid is below the view, or above it.
    if (drawn_first >= drawn_end) drawn_first = drawn_end = top > clip_top ? 0 : members.size();
    const auto offscreen = [&](std::size_t i, bool above, std::size_t at) {
        const p::Member& m = *members[i];
        if (!ui.rects.record_offscreen(id_of("room.member.", m.id), member_label(ui.state, m),
                                       above, at))
            return;
        ui.ui.selected = m.id;
        ui.send(p::GetProfile{m.handle});
        ImGui::SetScrollY(ImGui::GetScrollY() + top - clip_top +
                          static_cast<float>(i / columns) * row_height);
    };
    const std::size_t above_first =
        drawn_first > kOffscreenListed ? drawn_first - kOffscreenListed : 0;
    for (std::size_t i = above_first; i < drawn_first; ++i)
        offscreen(i, true, records_before + (i - above_first));
    for (std::size_t i = drawn_end; i < std::min(members.size(), drawn_end + kOffscreenListed); ++i)
        offscreen(i, false, static_cast<std::size_t>(-1));
}

// For moderators: everyone with a raised hand, each with a one-click invite.
void raised_hands(Ui& ui, const std::vector<const p::Member*>& hands) {
    const Lang lang = ui.state.lang;
    section_title(tr(lang, "room.raised_hands", {{"count", std::to_string(hands.size())}}));
    begin_card();
    for (const auto* m : hands) {
        float row = ImGui::GetFrameHeight();
        ImVec2 pos = ImGui::GetCursorScreenPos();
        avatar(ui, ImGui::GetWindowDrawList(), ImVec2(pos.x + row * 0.5f, pos.y + row * 0.5f),
               row * 0.45f, m->id, m->name, m->avatar);
        ImGui::Dummy(ImVec2(row, row));
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(m->name.c_str());
        const std::string label = tr(lang, "room.invite_speaker");
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 18 - button_width(label));
        if (button(ui, label, id_of("room.invite_speaker.", m->id), ButtonKind::primary))
            ui.send(p::InviteSpeaker{m->id});
    }
    end_card();
}

void people(Ui& ui, bool i_moderate) {
    const auto& members = ui.state.room->members;
    const auto stage = room::stage_in_order(members);
    const auto audience = room::audience_in_order(members);
    const auto hands = room::raised_hands(members);

    const Lang lang = ui.state.lang;
    const std::string stage_title =
        tr(lang, "room.on_stage", {{"count", std::to_string(stage.size())}});
    section_title(stage_title);
    ui.rects.begin_list("room.stage", stage_title);
    tile_grid(ui, stage, 36, 112);
    ui.rects.end_list();
    if (i_moderate && !hands.empty()) raised_hands(ui, hands);
    const std::string audience_title =
        audience.empty()
            ? tr(lang, "room.listening")
            : tr(lang, "room.listening_count", {{"count", std::to_string(audience.size())}});
    section_title(audience_title);
    if (audience.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextWrapped(
            "%s", tr(lang, "room.nobody_listening", {{"path", "/r/" + ui.state.room->id}}).c_str());
        ImGui::PopStyleColor();
    }
    ui.rects.begin_list("room.audience", audience_title);
    tile_grid(ui, audience, 27, 92);
    ui.rects.end_list();
}

// Lays buttons out left to right, wrapping when the next one does not fit.
class ButtonRow {
  public:
    explicit ButtonRow(Ui& ui) : ui_(ui), right_(ImGui::GetWindowContentRegionMax().x) {}
    bool add(const std::string& label, std::string id, ButtonKind kind) {
        place(button_width(label));
        return button(ui_, label, std::move(id), kind);
    }
    // Puts the cursor where a widget `width` wide goes next: after the last one, or on
    // a new line when it would not fit (translations differ in length).
    void place(float width) {
        float spacing = ImGui::GetStyle().ItemSpacing.x;
        if (any_ && ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + spacing + width <= right_)
            ImGui::SameLine();
        any_ = true;
    }
    // The same, flush with the right edge.
    void place_right(float width) {
        float spacing = ImGui::GetStyle().ItemSpacing.x;
        const float x = right_ - width;
        if (any_ && ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + spacing <= x)
            ImGui::SameLine(x);
        else
            ImGui::SetCursorPosX(x);
        any_ = true;
    }

  private:
    Ui& ui_;
    float right_;
    bool any_ = false;
};

// "Remove from room", asking first: the person cannot come back while the room runs.
// True once the removal is sent.
bool remove_member(Ui& ui, const p::Member& m, ButtonRow& row) {
    const Lang lang = ui.state.lang;
    if (ui.ui.confirm_remove != m.id) {
        if (row.add(tr(lang, "room.remove"), id_of("room.remove.", m.id), ButtonKind::danger))
            ui.ui.confirm_remove = m.id;
        return false;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    ImGui::TextWrapped("%s", tr(lang, "room.remove_confirm_text", {{"name", m.name}}).c_str());
    ImGui::PopStyleColor();
    bool sent = false;
    if (button(ui, tr(lang, "room.remove_confirm"), id_of("room.remove_confirm.", m.id),
               ButtonKind::danger)) {
        ui.send(p::RemoveMember{m.id});
        sent = true;
    }
    ImGui::SameLine();
    const bool cancel =
        button(ui, tr(lang, "common.cancel"), "room.remove_cancel", ButtonKind::ghost);
    ui.rects.set_escape("room.remove_cancel");
    if (cancel || sent) ui.ui.confirm_remove = 0;
    return sent;
}

// What the card shows of the person's profile, once it has arrived: the bio, the
// follow counts, who nominated them and when they joined. The full profile, with the
// lists, is one more tap ("View profile").
void card_profile(Ui& ui, p::UserId id) {
    const auto& profile = ui.state.profile;
    if (!profile || profile->user.id != id) return;
    if (!profile->bio.empty()) ImGui::TextWrapped("%s", profile->bio.c_str());
    const Lang lang = ui.state.lang;
    // Whole phrases joined by dots and a line break: no sentence is built from pieces.
    std::string line = trn(lang, "profile.followers", profile->followers) + "  \xC2\xB7  " +
                       trn(lang, "profile.following", profile->following);
    if (profile->follows_you) line += "  \xC2\xB7  " + tr(lang, "profile.follows_you");
    line += "\n";
    const std::string joined = format_date(lang, profile->joined);
    line += profile->invited_by ? tr(lang, "room.card_nominated_joined",
                                     {{"handle", profile->invited_by->handle}, {"date", joined}})
                                : tr(lang, "profile.joined", {{"date", joined}});
    ImGui::PushFont(ui.fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("%s", line.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ui.rects.record_last_item(id_of("room.card_profile.", id), line, Role::text);
}

// The card of the person clicked on, with what you may do to them.
void person_card(Ui& ui, const p::Member& m, const p::Member* self) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    constexpr float kRadius = 24;
    avatar(ui, dl, ImVec2(pos.x + kRadius, pos.y + kRadius), kRadius, m.id, m.name, m.avatar);
    ImGui::Dummy(ImVec2(2 * kRadius, 2 * kRadius));
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(m.name.c_str());
    ImGui::PushFont(ui.fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    const Lang lang = ui.state.lang;
    std::string about = "@" + m.handle + "  \xC2\xB7  " + role_label(lang, m.role);
    if (m.hand) about += "  \xC2\xB7  " + tr(lang, "room.hand_raised");
    ImGui::TextUnformatted(about.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::EndGroup();
    ui.rects.heading(id_of("room.card.", m.id), m.name + ", " + about, 2);
    const std::string close = tr(lang, "room.close_card");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - button_width(close));
    if (button(ui, close, "room.close_card", ButtonKind::ghost)) ui.ui.selected = 0;
    ui.rects.set_escape("room.close_card");
    card_profile(ui, m.id);

    bool is_self = self && self->id == m.id;
    if (!is_self) volume_slider(ui, m);
    const auto& members = ui.state.room->members;
    ButtonRow row(ui);
    bool done = false;
    if (row.add(tr(lang, "room.view_profile"), id_of("room.profile.", m.id), ButtonKind::soft)) {
        open_profile(ui.state, ui.out, m.handle);
    }
    if (!is_self && !blocks(ui.state, m.id)) {
        const bool following = follows(ui.state, m.id);
        if (row.add(following ? tr(lang, "room.unfollow") : tr(lang, "profile.follow"),
                    id_of("room.follow.", m.id),
                    following ? ButtonKind::ghost : ButtonKind::soft)) {
            if (following)
                ui.send(p::Unfollow{m.id});
            else
                ui.send(p::Follow{m.id});
        }
    }
    if (self && room::may_invite_speaker(*self, m) &&
        row.add(tr(lang, "room.invite_speaker"), id_of("room.invite_speaker.", m.id),
                ButtonKind::primary)) {
        ui.send(p::InviteSpeaker{m.id});
        done = true;
    }
    if (self && room::may_make_moderator(*self, m) &&
        row.add(tr(lang, "room.make_moderator"), id_of("room.make_moderator.", m.id),
                ButtonKind::soft)) {
        ui.send(p::MakeModerator{m.id});
        done = true;
    }
    if (self && room::may_move_to_audience(members, *self, m) &&
        row.add(is_self ? tr(lang, "room.leave_stage") : tr(lang, "room.move_to_audience"),
                id_of("room.move_to_audience.", m.id), ButtonKind::soft)) {
        ui.send(p::MoveToAudience{m.id});
        done = true;
    }
    // Moderation (docs/protocol.md, "Moderation").
    if (self && room::may_mute(*self, m) &&
        row.add(tr(lang, "room.mute"), id_of("room.mute_speaker.", m.id), ButtonKind::soft)) {
        ui.send(p::MuteSpeaker{m.id});
        done = true;
    }
    if (self && room::may_unmake_moderator(members, *self, m) &&
        row.add(is_self ? tr(lang, "room.stop_moderating") : tr(lang, "room.unmake_moderator"),
                id_of("room.unmake_moderator.", m.id), ButtonKind::soft)) {
        ui.send(p::UnmakeModerator{m.id});
        done = true;
    }
    if (self && room::may_remove(*self, m)) done = remove_member(ui, m, row) || done;
    if (done) ui.ui.selected = 0;
}

std::string room_type_line(Lang lang, p::RoomType type) {
    switch (type) {
        case p::RoomType::open:
            return tr(lang, "room.type_line_open");
        case p::RoomType::social:
            return tr(lang, "room.type_line_social");
        case p::RoomType::closed:
            return tr(lang, "room.type_line_closed");
    }
    return "";
}

// The people the user follows, each with a "Ping" button that pings them into this
// room (docs/protocol.md, "Pings and notifications").
void ping_panel(Ui& ui) {
    const Lang lang = ui.state.lang;
    section_title(tr(lang, "ping.title"));
    begin_card();
    const auto& follows = ui.state.follows;
    if (!follows || !ui.state.user || follows->user != ui.state.user->id || follows->followers) {
        card_text(color::kTextDim, tr(lang, "common.loading"));
    } else if (follows->items.empty()) {
        card_text(color::kTextDim, tr(lang, "ping.follow_nobody"));
    } else {
        const std::string ping = tr(lang, "ping.ping");
        for (const auto& user : follows->items) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(user.name.c_str());
            ImGui::SameLine(card_inner_width() - button_width(ping));
            if (find_member(ui.state, user.id)) {
                ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
                ImGui::TextUnformatted(tr(lang, "ping.here").c_str());
                ImGui::PopStyleColor();
            } else if (button(ui, ping, id_of("room.ping.", user.id), ButtonKind::primary)) {
                ui.send(p::PingUser{user.id});
                ui.state.notice = tr(lang, "ping.pinged", {{"name", user.name}});
            }
        }
        more_follows_button(ui, *follows, "room.ping_more");
    }
    end_card();
}

void dim_text(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

// Audio first in the dock: joining when the browser needs a tap, and the microphone
// state for people on stage, spelled out so nobody wonders whether they are heard.
void audio_actions(Ui& ui, const p::Member& self) {
    AudioState& audio = ui.state.audio;
    const Lang lang = ui.state.lang;
    if (!audio.joined || audio.needs_gesture) {
        if (button(ui, tr(lang, "audio.join"), "room.join_audio", ButtonKind::primary))
            ++audio.gestures;
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        dim_text(audio.joined ? tr(lang, "audio.needs_tap") : tr(lang, "audio.starting"));
        return;
    }
    if (!on_stage(self)) {
        // One row in every audio state, so the dock keeps its height and the buttons
        // below stay where the pointer is when audio comes up.
        ImGui::AlignTextToFramePadding();
        dim_text(tr(lang, "audio.on"));
        return;
    }
    const std::string_view mic = mic_status(ui.state);
    // Space toggles the microphone when the keyboard is not in a text field, unless
    // push-to-talk holds it for talking (push_to_talk(), audio_settings_panel.cpp).
    if (!ui.state.audio_settings.push_to_talk) ui.rects.set_space("room.mute");
    if (mic == "denied" || mic == "unavailable") {
        if (button(ui, tr(lang, "audio.mic_retry"), "room.mute", ButtonKind::danger))
            ++audio.gestures;
        ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
        // The engine's own words (with the browser's reason) stay in state().audio.
        ImGui::TextWrapped("%s", mic == "denied" ? tr(lang, "audio.mic_denied").c_str()
                                                 : tr(lang, "audio.mic_unavailable").c_str());
        ImGui::PopStyleColor();
    } else if (ui.state.audio_settings.push_to_talk) {
        // Push-to-talk: held, not clicked (push_to_talk() sends the mute intents).
        button(ui, tr(lang, "audio.talk"), "room.talk",
               ui.ui.talk_held ? ButtonKind::primary : ButtonKind::soft);
        ui.ui.talk_button = ImGui::IsItemActive();
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, self.muted ? color::kTextDim : color::kModerator);
        ImGui::TextUnformatted(!self.muted && mic == "live" ? tr(lang, "audio.live").c_str()
                                                            : tr(lang, "audio.ptt_idle").c_str());
        ImGui::PopStyleColor();
    } else if (self.muted) {
        if (button(ui, tr(lang, "audio.unmute"), "room.mute", ButtonKind::primary)) {
            ++audio.gestures;
            ui.send(p::SetMute{false});
        }
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
        ImGui::TextUnformatted(tr(lang, "audio.muted").c_str());
        ImGui::PopStyleColor();
    } else {
        if (button(ui, tr(lang, "room.mute"), "room.mute", ButtonKind::soft))
            ui.send(p::SetMute{true});
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kModerator);
        ImGui::TextUnformatted(mic == "live" ? tr(lang, "audio.live").c_str()
                                             : tr(lang, "audio.mic_starting").c_str());
        ImGui::PopStyleColor();
    }
}

// Your own actions when no card is open.
void my_actions(Ui& ui, const p::Member& self) {
    audio_actions(ui, self);
    const Lang lang = ui.state.lang;
    auto hint = [&ui](const std::string& text) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopStyleColor();
        ui.rects.text("room.hint", text);  // screen readers get the hint too
    };
    if (room::is_sole_moderator(ui.state.room->members, self.id)) {
        // The last moderator may not step down (docs/protocol.md): no button for it.
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextWrapped("%s", tr(lang, "room.hosting").c_str());
        ImGui::PopStyleColor();
        ui.rects.text("room.hint", tr(lang, "room.hosting"));
    } else if (on_stage(self)) {
        if (button(ui, tr(lang, "room.leave_stage"), id_of("room.move_to_audience.", self.id)))
            ui.send(p::MoveToAudience{self.id});
        hint(tr(lang, "room.on_stage_hint"));
    } else if (self.hand) {
        if (button(ui, tr(lang, "room.lower_hand"), "room.lower_hand")) ui.send(p::LowerHand{});
        hint(tr(lang, "room.hand_up_hint"));
    } else if (!room::may_raise_hand(self, ui.state.room->hands_allowed)) {
        ImGui::AlignTextToFramePadding();
        dim_text(tr(lang, "room.hands_off_hint"));
        ui.rects.text("room.hint", tr(lang, "room.hands_off_hint"));
    } else {
        if (button(ui, tr(lang, "room.raise_hand"), "room.raise_hand", ButtonKind::primary))
            ui.send(p::RaiseHand{});
        hint(tr(lang, "room.raise_hand_hint"));
    }
}

// The dock floats at the bottom, above the list of people.
float dock(Ui& ui, const p::Member* self, float column) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    float width = std::min(column, viewport->Size.x - 24);
    ImGui::SetNextWindowPos(
        ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y - 12),
        ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, FLT_MAX));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 18.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(18, 16));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, color::kCard);
    ImGui::Begin("dock", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoFocusOnAppearing);
    const p::Member* selected = find_member(ui.state, ui.ui.selected);
    if (!selected) ui.ui.selected = 0;
    if (selected) {
        person_card(ui, *selected, self);
    } else if (self) {
        // The reactions in a column of their own on the right, so reacting costs the
        // room's view no height; below the actions where the dock is too narrow.
        const float bar = reaction_bar_width();
        if (ImGui::GetContentRegionAvail().x >= bar + 320 && ImGui::BeginTable("dock_actions", 2)) {
            ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn("reactions", ImGuiTableColumnFlags_WidthFixed, bar);
            ImGui::TableNextColumn();
            my_actions(ui, *self);
            ImGui::TableNextColumn();
            reaction_bar(ui);
            ImGui::EndTable();
        } else {
            my_actions(ui, *self);
            reaction_bar(ui);
        }
    }
    float height = ImGui::GetWindowHeight();
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(3);
    return height;
}

// This connection's audio figures: one row per speaker heard, plus the round trip.
void audio_panel(Ui& ui) {
    const AudioState& audio = ui.state.audio;
    const Lang lang = ui.state.lang;
    section_title(tr(lang, "stats.title"));
    begin_card();
    ImGui::PushFont(ui.fonts.small);
    const std::string connection = audio.started  ? tr(lang, "stats.carrying")
                                   : audio.joined ? tr(lang, "stats.connecting")
                                                  : tr(lang, "stats.not_joined");
    const std::string rtt = audio.rtt_ms >= 0 ? std::to_string(audio.rtt_ms) + " ms" : "-";
    const std::string summary = tr(lang, "stats.summary",
                                   {{"connection", connection},
                                    {"rtt", rtt},
                                    {"sent", std::to_string(audio.frames_sent)},
                                    {"dropped", std::to_string(audio.frames_dropped)}});
    ImGui::TextUnformatted(summary.c_str());
    ui.rects.text("stats.summary", summary);
    if (audio.speakers.empty()) {
        dim_text(tr(lang, "stats.nobody"));
        ui.rects.text("stats.nobody", tr(lang, "stats.nobody"));
    } else if (ImGui::BeginTable("audio_stats", 7, ImGuiTableFlags_SizingStretchProp)) {
        for (const std::string& h :
             {tr(lang, "stats.speaker"), tr(lang, "stats.delay"), tr(lang, "stats.buffer"),
              tr(lang, "stats.jitter"), tr(lang, "stats.concealed"), tr(lang, "stats.late"),
              tr(lang, "stats.received")})
            ImGui::TableSetupColumn(h.c_str());
        ImGui::TableHeadersRow();
        for (const auto& s : audio.speakers) {
            const p::Member* m = find_member(ui.state, s.id);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string name = m ? m->name : "#" + std::to_string(s.id);
            ImGui::TextUnformatted(name.c_str());
            // The row as one sentence for screen readers (the table's cells are drawn).
            ui.rects.text("stats.speaker." + std::to_string(s.id),
                          tr(lang, "stats.row",
                             {{"name", name},
                              {"delay", std::to_string(s.delay_ms)},
                              {"depth", std::to_string(s.depth_ms)},
                              {"target", std::to_string(s.target_ms)},
                              {"jitter", std::to_string(s.jitter_ms)},
                              {"concealed", std::to_string(s.concealed)},
                              {"recovered", std::to_string(s.recovered)},
                              {"late", std::to_string(s.late)},
                              {"received", std::to_string(s.received)}}));
            ImGui::TableNextColumn();
            ImGui::Text("%d ms", s.delay_ms);
            ImGui::TableNextColumn();
            ImGui::Text("%d / %d ms", s.depth_ms, s.target_ms);
            ImGui::TableNextColumn();
            ImGui::Text("%d ms", s.jitter_ms);
            ImGui::TableNextColumn();
            ImGui::Text("%llu / %llu", static_cast<unsigned long long>(s.concealed),
                        static_cast<unsigned long long>(s.recovered));
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(s.late));
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(s.received));
        }
        ImGui::EndTable();
    }
    ImGui::PopFont();
    end_card();
}

}  // namespace

void room_tile_grid(Ui& ui, const std::vector<const p::Member*>& members, float radius,
                    float width) {
    tile_grid(ui, members, radius, width);
}

void draw_room(Ui& ui) {
    constexpr float kColumn = 760;
    const auto& room = *ui.state.room;
    const p::Member* self = me(ui.state);
    bool i_moderate = self && is_moderator(*self);

    const Lang lang = ui.state.lang;
    ui.ui.avatar_spots.clear();
    begin_screen("room", kColumn, false);
    // The header's buttons wrap onto a second line where a language's words are long.
    ButtonRow header(ui);
    if (header.add(tr(lang, "room.leave"), "room.leave", ButtonKind::soft)) {
        ui.ui.selected = 0;
        ui.send(p::LeaveRoom{});
    }
    // Audio settings sit in the header, not in a dock row of their own: the dock's
    // height is taken from the people list, which must keep the audience in view.
    if (header.add(ui.ui.audio_settings ? tr(lang, "room.hide_audio_settings")
                                        : tr(lang, "room.audio_settings"),
                   "room.audio_settings", ButtonKind::ghost))
        ui.ui.audio_settings = !ui.ui.audio_settings;
    if (header.add(ui.ui.audio_panel ? tr(lang, "room.hide_stats") : tr(lang, "room.show_stats"),
                   "room.audio_panel", ButtonKind::ghost))
        ui.ui.audio_panel = !ui.ui.audio_panel;
    ui.rects.mark_expanded(ui.ui.audio_panel);
    if (ui.ui.audio_panel) ui.rects.set_escape("room.audio_panel");
    const std::string copy = tr(lang, "room.copy_link");
    header.place(button_width(copy));
    copy_link_button(ui, copy, "room.copy_link", room_path(room.id));
    if (header.add(ui.ui.ping_panel ? tr(lang, "room.hide_ping") : tr(lang, "ping.ping"),
                   "room.ping_panel", ButtonKind::ghost)) {
        ui.ui.ping_panel = !ui.ui.ping_panel;
        if (ui.ui.ping_panel && ui.state.user)
            ui.out.push(p::ListFollows{ui.state.user->id, false, std::nullopt});
    }
    ui.rects.mark_expanded(ui.ui.ping_panel);
    if (ui.ui.ping_panel) ui.rects.set_escape("room.ping_panel");
    if (header.add(chat_toggle_label(ui.state), "room.chat", ButtonKind::ghost))
        set_chat_open(ui.state, !ui.state.chat_open);
    ui.rects.mark_expanded(ui.state.chat_open);
    if (ui.state.chat_open) ui.rects.set_escape("room.chat");
    header.place(bell_width(ui.state));
    bell_button(ui, "room.bell");
    if (i_moderate) {
        if (header.add(ui.ui.room_settings ? tr(lang, "room.hide_settings")
                                           : tr(lang, "room.show_settings"),
                       "room.settings", ButtonKind::ghost))
            ui.ui.room_settings = !ui.ui.room_settings;
        ui.rects.mark_expanded(ui.ui.room_settings);
        if (ui.ui.room_settings) ui.rects.set_escape("room.settings");
        const std::string end = tr(lang, "room.end");
        header.place_right(button_width(end));
        if (button(ui, end, "room.end", ButtonKind::danger)) ui.send(p::EndRoom{});
    }

    ImGui::PushFont(ui.fonts.title);
    ImGui::TextWrapped("%s", room.title.c_str());
    ImGui::PopFont();
    ui.rects.set_screen(room.title);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(room_type_line(lang, room.type).c_str());
    ImGui::PopStyleColor();
    room_badges(ui);
    recording_strip(ui);
    draw_messages(ui);
    draw_knock(ui);

    // The dock's height is known after drawing it; last frame's is close enough.
    ImGui::BeginChild("people", ImVec2(0, -(ui.ui.dock_height + 8)));
    // People at the door first: they wait on a moderator, and the room is below.
    if (i_moderate) knocks_list(ui);
    // The chat next: it sizes itself to what is left in view, so its box stays visible.
    if (ui.state.chat_open) chat_panel(ui);
    if (i_moderate && ui.ui.room_settings) room_settings_panel(ui);
    if (ui.ui.audio_settings) audio_settings_panel(ui);
    if (ui.ui.audio_panel) audio_panel(ui);
    if (ui.ui.ping_panel) ping_panel(ui);
    people(ui, i_moderate);
    ImGui::Dummy(ImVec2(0, 8));
    ImGui::EndChild();
    end_screen();
    ui.ui.talk_button = false;
    ui.ui.dock_height = dock(ui, self, kColumn - 32);
    push_to_talk(ui, ui.ui.talk_button);
    floating_reactions(ui);
}

}  // namespace salotto::client
