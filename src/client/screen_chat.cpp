// A room's chat and reactions (docs/protocol.md, "Chat" and "Reactions"): the chat
// panel with its messages, links, deletions and the box to write in; the dock's
// reaction buttons; and the reactions floating over people's pictures. The rules
// (text limits, who may delete, where links are) are src/core/social's.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "client/draw.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"
#include "core/room/room.hpp"
#include "core/social/chat.hpp"
#include "core/social/reactions.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

// How long a reaction floats, in seconds, and how far it rises, in CSS pixels.
constexpr double kFloatSeconds = 2.5;
constexpr float kFloatRise = 46;
// The message list's height: up to kChatListHeight, less when the room's view is
// short, but never under kChatListMin.
constexpr float kChatListHeight = 260;
constexpr float kChatListMin = 90;
// Room around the list: the panel's title and card padding above it, the box to
// write in with its label and the Send button below.
constexpr float kChatInputHeight = 210;

// "14:05" where the browser is.
std::string time_of_day(std::int64_t unix_seconds, int utc_offset_minutes) {
    const std::int64_t local = unix_seconds + std::int64_t{utc_offset_minutes} * 60;
    const std::int64_t minutes = ((local / 60) % (24 * 60) + 24 * 60) % (24 * 60);
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(minutes / 60),
                  static_cast<int>(minutes % 60));
    return text;
}

// The reaction's short name in the user's language ("Applausi"), for its tooltip.
std::string reaction_label(Lang lang, std::string_view kind) {
    if (kind == "clap") return tr(lang, "reaction.clap");
    if (kind == "laugh") return tr(lang, "reaction.laugh");
    if (kind == "heart") return tr(lang, "reaction.heart");
    if (kind == "plus_one") return tr(lang, "reaction.plus_one");
    if (kind == "fist") return tr(lang, "reaction.fist");
    return tr(lang, "reaction.thinking");
}

// The reaction's emoji (in the embedded emoji font: font_data.hpp).
const char* reaction_emoji(std::string_view kind) {
    if (kind == "clap") return "\xF0\x9F\x91\x8F";      // U+1F44F clapping hands
    if (kind == "laugh") return "\xF0\x9F\x98\x82";     // U+1F602 tears of joy
    if (kind == "heart") return "\xE2\x9D\xA4";         // U+2764 heavy black heart
    if (kind == "plus_one") return "\xF0\x9F\x91\x8D";  // U+1F44D thumbs up
    if (kind == "fist") return "\xE2\x9C\x8A";          // U+270A raised fist
    return "\xF0\x9F\xA4\x94";                          // U+1F914 thinking face
}

// One message: who and when on a line, the text below, then its links, each a line
// one can click, underlined (ImGui cannot make part of a wrapped paragraph
// clickable).
void chat_message(Ui& ui, const p::ChatMessage& m, const p::Member* self) {
    const Lang lang = ui.state.lang;
    const bool mine = ui.state.user && m.from.id == ui.state.user->id;
    ImGui::PushStyleColor(ImGuiCol_Text, mine ? color::kAccent : color::kText);
    ImGui::TextUnformatted(m.from.name.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushFont(ui.fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(time_of_day(m.at, ui.state.utc_offset_minutes).c_str());
    ImGui::PopStyleColor();
    if (self && social::may_delete_chat(*self, m.from.id)) {
        ImGui::SameLine();
        ImGui::PushID(static_cast<int>(m.id));
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        const bool clicked = ImGui::SmallButton(tr(lang, "chat.delete").c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
        const bool activated = ui.rects.record_last_item("room.chat.delete." + std::to_string(m.id),
                                                         tr(lang, "chat.delete"));
        if (clicked || activated) ui.send(p::DeleteChat{m.id});
    }
    ImGui::PopFont();
    ImGui::TextWrapped("%s", m.text.c_str());
    const auto links = social::find_links(m.text);
    for (std::size_t i = 0; i < links.size(); ++i) {
        const std::string url = m.text.substr(links[i].offset, links[i].length);
        ImGui::PushFont(ui.fonts.small);
        ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
        ImGui::PushID(static_cast<int>(m.id));
        ImGui::PushID(static_cast<int>(i));
        const bool clicked = ImGui::Selectable(url.c_str());
        ImGui::PopID();
        ImGui::PopID();
        const ImVec2 under(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y - 1);
        const float text_width =
            ImGui::GetFont()->CalcTextSizeA(kSmallSize, FLT_MAX, 0, url.c_str()).x;
        ImGui::GetWindowDrawList()->AddLine(under, ImVec2(under.x + text_width, under.y),
                                            color::kAccent);
        ImGui::PopStyleColor();
        ImGui::PopFont();
        if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        const bool activated = ui.rects.record_last_item(
            "room.chat.link." + std::to_string(m.id) + "." + std::to_string(i), url, Role::link);
        if (clicked || activated) ui.state.open_url = url;
    }
    ImGui::Dummy(ImVec2(0, 2));
}

// The box to write in, or why one cannot.
void chat_input(Ui& ui, const p::Member* self) {
    const Lang lang = ui.state.lang;
    const bool moderator = self && room::is_moderator(*self);
    if (!ui.state.room->chat_allowed && !moderator) {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextWrapped("%s", tr(lang, "chat.off").c_str());
        ImGui::PopStyleColor();
        return;
    }
    auto& input = ui.ui.chat_input;
    const bool entered = text_field(ui, tr(lang, "chat.write"), tr(lang, "chat.hint"),
                                    "room.chat.input", input, ImGuiInputTextFlags_EnterReturnsTrue);
    const bool sent = button(ui, tr(lang, "chat.send"), "room.chat.send", ButtonKind::primary);
    if (!entered && !sent) return;
    const std::string text(input.data());
    if (text.empty()) return;
    if (!social::is_valid_chat_text(text)) {
        ui.state.error = ShownError::check(lang, ErrorCode::chat_text_invalid);
        return;
    }
    ui.send(p::SendChat{text});
    input.fill('\0');
    // Enter leaves the field focused, so the next message can follow at once.
    if (entered) ImGui::SetKeyboardFocusHere(-1);
}

}  // namespace

std::string chat_toggle_label(const AppState& state) {
    if (state.chat_open) return tr(state.lang, "chat.hide");
    if (state.chat.unread > 0)
        return tr(state.lang, "chat.show_unread", {{"count", std::to_string(state.chat.unread)}});
    return tr(state.lang, "chat.show");
}

void chat_panel(Ui& ui) {
    const Lang lang = ui.state.lang;
    const p::Member* self = me(ui.state);
    const float moderator_row =
        self && room::is_moderator(*self) ? ImGui::GetFrameHeightWithSpacing() : 0;
    const float list_height =
        std::clamp(ImGui::GetContentRegionAvail().y - kChatInputHeight - moderator_row,
                   kChatListMin, kChatListHeight);
    section_title(tr(lang, "chat.title"));
    begin_card();
    if (self && room::is_moderator(*self)) {
        const bool allowed = ui.state.room->chat_allowed;
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextUnformatted(allowed ? tr(lang, "chat.on_for_all").c_str()
                                       : tr(lang, "chat.off_for_audience").c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (button(ui, allowed ? tr(lang, "chat.turn_off") : tr(lang, "chat.turn_on"),
                   "room.chat.toggle", ButtonKind::ghost))
            ui.send(p::SetChatAllowed{!allowed});
    }
    const auto& messages = ui.state.chat.messages;
    ImGui::BeginChild("chat_messages", ImVec2(card_inner_width(), list_height));
    if (!ui.state.chat.loaded) {
        ImGui::TextUnformatted(tr(lang, "chat.loading").c_str());
    } else if (messages.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextWrapped("%s", tr(lang, "chat.empty").c_str());
        ImGui::PopStyleColor();
    }
    for (const auto& m : messages) {
        // People the user blocked stay out of their chat too (docs/protocol.md, "Blocks").
        if (blocks(ui.state, m.from.id)) continue;
        chat_message(ui, m, self);
    }
    // Follow the conversation, unless the reader scrolled up to read something older.
    const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4;
    if (messages.size() != ui.ui.chat_shown && at_bottom) ImGui::SetScrollHereY(1.0f);
    ui.ui.chat_shown = messages.size();
    ImGui::EndChild();
    chat_input(ui, self);
    end_card();
}

float reaction_bar_width() {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = -spacing;
    for (const std::string_view kind : social::kReactionKinds)
        width += button_width(reaction_emoji(kind)) + spacing;
    return width;
}

void reaction_bar(Ui& ui) {
    const Lang lang = ui.state.lang;
    for (std::size_t k = 0; k < social::kReactionKinds.size(); ++k) {
        const std::string_view kind = social::kReactionKinds[k];
        if (k > 0) ImGui::SameLine();
        if (button(ui, reaction_emoji(kind), "room.react." + std::string(kind), ButtonKind::ghost))
            ui.send(p::React{std::string(kind)});
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", reaction_label(lang, kind).c_str());
    }
}

void floating_reactions(Ui& ui) {
    auto& reactions = ui.state.reactions;
    const double now = ImGui::GetTime();
    for (auto& r : reactions.fresh) reactions.floating.push_back({std::move(r), now});
    reactions.fresh.clear();
    std::erase_if(reactions.floating, [&](const auto& f) { return now - f.since > kFloatSeconds; });
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    ImFont* font = ui.fonts.title;
    // Several reactions of one person at once rise side by side.
    std::map<p::UserId, int> stacked;
    for (const auto& f : reactions.floating) {
        const auto spot = ui.ui.avatar_spots.find(f.reaction.user);
        if (spot == ui.ui.avatar_spots.end()) continue;  // not on screen now
        const auto [center, radius] = spot->second;
        const float t = static_cast<float>((now - f.since) / kFloatSeconds);
        const int nth = stacked[f.reaction.user]++;
        const char* emoji = reaction_emoji(f.reaction.kind);
        const ImVec2 size = font->CalcTextSizeA(kTitleSize, FLT_MAX, 0, emoji);
        const ImVec2 mid(
            center.x + static_cast<float>(nth % 3) * 18.0f - 18.0f,
            center.y - radius * 0.3f - t * kFloatRise - static_cast<float>(nth / 3) * 10.0f);
        const auto alpha = static_cast<ImU32>(255 * std::clamp(1.6f - 1.6f * t, 0.0f, 1.0f));
        auto faded = [&](ImU32 colour) { return (colour & 0x00FFFFFF) | (alpha << 24); };
        dl->AddCircleFilled(mid, std::max(size.x, size.y) * 0.62f, faded(color::kCard));
        dl->AddText(font, kTitleSize, ImVec2(mid.x - size.x * 0.5f, mid.y - size.y * 0.5f),
                    faded(color::kAccent), emoji);
    }
}

}  // namespace salotto::client
