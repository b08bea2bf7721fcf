// A person's profile: picture, name, handle, bio, when they joined, who nominated them,
// their follower and following counts (each opens the list), and follow / block
// buttons. On the user's own profile, buttons to change or remove the picture, an
// "Edit profile" form (name and bio) and an "Account" section: change the password,
// and log out on every device (after a confirmation).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "client/deep_link.hpp"
#include "client/draw.hpp"
#include "client/picture_requests.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

// Text centred in the window's content column.
void centered(ImFont* font, ImU32 col, const std::string& text) {
    ImGui::PushFont(font);
    float width = ImGui::CalcTextSize(text.c_str()).x;
    float avail = ImGui::GetContentRegionAvail().x;
    if (width < avail)
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::floor((avail - width) * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

// The password form (state.password_form): checked here with the shared rule before
// anything is sent (submit_password_change); the server's refusal shows in place.
void password_form(Ui& ui) {
    PasswordForm& form = ui.state.password_form;
    const Lang lang = ui.state.lang;
    ImGui::TextUnformatted(tr(lang, "password.title").c_str());
    const ImGuiInputTextFlags masked = ImGuiInputTextFlags_Password;
    bool submit = false;
    submit |= text_field(ui, tr(lang, "password.current"), "", "profile.password_current",
                         form.current, masked, nullptr, Autofill::current_password);
    submit |=
        text_field(ui, tr(lang, "password.new"), tr(lang, "password.new_hint"),
                   "profile.password_new", form.fresh, masked, nullptr, Autofill::new_password);
    submit |= text_field(ui, tr(lang, "password.repeat"), "", "profile.password_repeat",
                         form.repeat, masked, nullptr, Autofill::new_password);
    if (form.error)
        card_text(color::kDanger, error_text(lang, form.error->code, form.error->message));
    ImGui::Dummy(ImVec2(0, 2));
    submit |= button(ui, form.pending ? tr(lang, "password.changing") : tr(lang, "password.submit"),
                     "profile.password_submit", ButtonKind::primary);
    if (submit) submit_password_change(ui.state, ui.out);
}

// "Log out everywhere" asks once more in place: a stray click must not sign out
// every device.
void logout_everywhere(Ui& ui) {
    AppState& s = ui.state;
    const Lang lang = s.lang;
    ImGui::TextUnformatted(tr(lang, "devices.title").c_str());
    if (!s.confirm_logout_everywhere) {
        card_text(color::kTextDim, tr(lang, "devices.explained"));
        if (button(ui, tr(lang, "devices.logout_everywhere"), "profile.logout_everywhere",
                   ButtonKind::soft))
            s.confirm_logout_everywhere = true;
        return;
    }
    card_text(color::kText, tr(lang, "devices.confirm_text"));
    if (button(ui, tr(lang, "devices.confirm"), "profile.logout_everywhere_confirm",
               ButtonKind::danger)) {
        s.confirm_logout_everywhere = false;
        ui.send(protocol::LogoutEverywhere{});
    }
    ImGui::SameLine();
    if (button(ui, tr(lang, "common.cancel"), "profile.logout_everywhere_cancel",
               ButtonKind::ghost))
        s.confirm_logout_everywhere = false;
}

// Under one's own picture: change it (the browser's file picker) or remove it.
void picture_buttons(Ui& ui) {
    PictureRequests& picture = ui.state.picture;
    const bool has_picture = ui.state.user && ui.state.user->avatar > 0;
    const Lang lang = ui.state.lang;
    const std::string change =
        picture.pending ? tr(lang, "picture.uploading") : tr(lang, "picture.change");
    const std::string remove = tr(lang, "picture.remove");
    float width = button_width(change) + ImGui::GetStyle().FramePadding.x * 2;
    if (has_picture)
        width += button_width(remove) + ImGui::GetStyle().FramePadding.x * 2 +
                 ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                         std::floor((ImGui::GetContentRegionAvail().x - width) * 0.5f));
    if (button(ui, change, "profile.picture_change", ButtonKind::soft)) pick_picture(ui.state);
    if (!has_picture) return;
    ImGui::SameLine();
    if (button(ui, remove, "profile.picture_remove", ButtonKind::ghost)) remove_picture(ui.state);
}

// "12 followers  22 following": each opens its list below. On the user's own profile
// an "Edit profile" button follows, which shows the form.
void counts(Ui& ui, const protocol::Profile& profile, bool own) {
    using List = UiState::FollowsList;
    const Lang lang = ui.state.lang;
    const std::string followers = trn(lang, "profile.followers", profile.followers);
    const std::string following = trn(lang, "profile.following", profile.following);
    const std::string edit = tr(lang, "profile.edit");
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = button_width(followers) + spacing + button_width(following);
    if (own) width += spacing + button_width(edit);
    ImGui::SetCursorPosX(
        ImGui::GetCursorPosX() +
        std::max(0.0f, std::floor((ImGui::GetContentRegionAvail().x - width) * 0.5f)));
    auto open = [&](List list, bool want_followers) {
        ui.ui.follows_list = ui.ui.follows_list == list ? List::none : list;
        if (ui.ui.follows_list != List::none)
            ui.out.push(protocol::ListFollows{profile.user.id, want_followers, std::nullopt});
    };
    if (button(ui, followers, "profile.followers", ButtonKind::ghost)) open(List::followers, true);
    ImGui::SameLine();
    if (button(ui, following, "profile.following", ButtonKind::ghost)) open(List::following, false);
    if (own) {
        ImGui::SameLine();
        if (button(ui, edit, "profile.edit", ButtonKind::soft)) ui.ui.editing = !ui.ui.editing;
    }
}

// Follow / unfollow and block / unblock, for someone else's profile.
void relation_buttons(Ui& ui, const protocol::Profile& profile) {
    const auto id = profile.user.id;
    const Lang lang = ui.state.lang;
    const std::string follow =
        profile.you_follow ? tr(lang, "profile.you_follow") : tr(lang, "profile.follow");
    const std::string block =
        profile.you_block ? tr(lang, "profile.unblock") : tr(lang, "profile.block");
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = button_width(follow) + spacing + button_width(block);
    ImGui::SetCursorPosX(
        ImGui::GetCursorPosX() +
        std::max(0.0f, std::floor((ImGui::GetContentRegionAvail().x - width) * 0.5f)));
    if (!profile.you_block) {
        if (button(ui, follow, "profile.follow",
                   profile.you_follow ? ButtonKind::soft : ButtonKind::primary)) {
            if (profile.you_follow)
                ui.send(protocol::Unfollow{id});
            else
                ui.send(protocol::Follow{id});
        }
        ImGui::SameLine();
    }
    if (button(ui, block, "profile.block",
               profile.you_block ? ButtonKind::soft : ButtonKind::ghost)) {
        if (profile.you_block)
            ui.send(protocol::Unblock{id});
        else
            ui.send(protocol::Block{id});
    }
    if (profile.follows_you)
        centered(ui.fonts.small, color::kTextDim, tr(lang, "profile.follows_you"));
}

}  // namespace

void more_follows_button(Ui& ui, const protocol::Follows& follows, const char* widget_id) {
    const int listed = static_cast<int>(follows.items.size());
    if (follows.total <= listed) return;
    const std::string more =
        tr(ui.state.lang, "profile.show_more", {{"count", std::to_string(follows.total - listed)}});
    if (button(ui, more, widget_id, ButtonKind::ghost))
        ui.send(protocol::ListFollows{follows.user, follows.followers, listed});
}

namespace {

// The followers or following list opened from the counts: one row per person, which
// opens their profile.
void follows_list(Ui& ui, const protocol::Profile& profile) {
    using List = UiState::FollowsList;
    if (ui.ui.follows_list == List::none) return;
    const bool followers = ui.ui.follows_list == List::followers;
    const Lang lang = ui.state.lang;
    section_title(followers ? tr(lang, "profile.followers_title")
                            : tr(lang, "profile.following_title"));
    begin_card();
    const auto& f = ui.state.follows;
    if (!f || f->user != profile.user.id || f->followers != followers) {
        card_text(color::kTextDim, tr(lang, "common.loading"));
    } else if (f->items.empty()) {
        card_text(color::kTextDim, followers ? tr(lang, "profile.no_followers")
                                             : tr(lang, "profile.follows_nobody"));
    } else {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        std::string open;
        for (const auto& user : f->items) {
            constexpr float kSmall = 16;
            ImVec2 row = ImGui::GetCursorScreenPos();
            ImGui::PushID(static_cast<int>(user.id));
            bool clicked =
                ImGui::InvisibleButton("person", ImVec2(card_inner_width(), 2 * kSmall + 4));
            ImGui::PopID();
            bool hovered = ImGui::IsItemHovered();
            if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            clicked |= ui.rects.record_last_item("profile.follows_item." + std::to_string(user.id),
                                                 user.name + " @" + user.handle, Role::link);
            avatar(ui, dl, ImVec2(row.x + kSmall, row.y + kSmall + 2), kSmall, user.id, user.name,
                   user.avatar);
            text_clipped(dl, ui.fonts.body, kBodySize, ImVec2(row.x + 2 * kSmall + 10, row.y + 6),
                         row.x + card_inner_width(), hovered ? color::kAccent : color::kText,
                         user.name + "  @" + user.handle);
            if (clicked) open = user.handle;
        }
        more_follows_button(ui, *f, "profile.follows_more");
        if (!open.empty()) open_profile(ui.state, ui.out, open);
    }
    end_card();
}

// The owner's name and bio, edited in place.
void edit_profile(Ui& ui) {
    const Lang lang = ui.state.lang;
    section_title(tr(lang, "profile.edit"));
    begin_card();
    bool submit = false;
    submit |= text_field(ui, tr(lang, "profile.name"), "", "profile.edit_name", ui.ui.edit_name);
    submit |= text_field(ui, tr(lang, "profile.bio"), tr(lang, "profile.bio_hint"),
                         "profile.edit_bio", ui.ui.edit_bio);
    ImGui::Dummy(ImVec2(0, 2));
    submit |= button(ui, tr(lang, "profile.save"), "profile.save", ButtonKind::primary);
    if (submit) {
        ui.send(protocol::UpdateProfile{ui.ui.edit_name.data(), ui.ui.edit_bio.data()});
        ui.ui.editing = false;
    }
    end_card();
}

void account(Ui& ui) {
    section_title(tr(ui.state.lang, "profile.account"));
    begin_card();
    password_form(ui);
    card_divider();
    logout_everywhere(ui);
    end_card();
}

}  // namespace

void draw_profile(Ui& ui) {
    const Lang lang = ui.state.lang;
    begin_screen("profile", 560);
    if (button(ui, tr(lang, "profile.back"), "profile.back")) close_profile(ui.state);
    ui.rects.set_escape("profile.back");
    draw_messages(ui);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& profile = ui.state.profile;
    if (!profile) {
        ImVec2 pos = ImGui::GetCursorScreenPos();
        spinner(dl, ImVec2(pos.x + ImGui::GetContentRegionAvail().x * 0.5f, pos.y + 60), 14);
        end_screen();
        return;
    }

    constexpr float kRadius = 48;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImVec2 center(pos.x + std::floor(ImGui::GetContentRegionAvail().x * 0.5f),
                  pos.y + 12 + kRadius);
    avatar(ui, dl, center, kRadius, profile->user.id, profile->user.name, profile->user.avatar);
    ImGui::SetCursorScreenPos(ImVec2(center.x - kRadius, center.y - kRadius));
    ImGui::Dummy(ImVec2(2 * kRadius, 2 * kRadius));
    ui.rects.record_last_item("profile.picture", profile->user.name, Role::text);
    ImGui::SetCursorScreenPos(pos);
    ImGui::Dummy(ImVec2(0, 2 * kRadius + 16));
    const bool own = ui.state.user && ui.state.user->id == profile->user.id;
    if (own) picture_buttons(ui);
    centered(ui.fonts.title, color::kText, profile->user.name);
    centered(ui.fonts.body, color::kTextDim, "@" + profile->user.handle);
    if (!profile->bio.empty()) centered(ui.fonts.body, color::kText, profile->bio);
    centered(ui.fonts.small, color::kTextDim,
             tr(lang, "profile.joined", {{"date", format_date(lang, profile->joined)}}));
    copy_link_button(ui, tr(lang, "profile.copy_link"), "profile.copy_link",
                     profile_path(profile->user.handle));
    if (ui.ui.edit_loaded_for != profile->user.id) {
        // Another person's page: lists closed, the edit form filled from this profile.
        ui.ui.edit_loaded_for = profile->user.id;
        ui.ui.follows_list = UiState::FollowsList::none;
        ui.ui.editing = false;
        fill_field(ui.ui.edit_name, profile->user.name);
        fill_field(ui.ui.edit_bio, profile->bio);
    }
    counts(ui, *profile, own);
    if (!own) relation_buttons(ui, *profile);
    ImGui::Dummy(ImVec2(0, 6));
    // A copy: a click below may open another profile and replace this one.
    const protocol::Profile shown = *profile;
    if (!own) invite_to_my_clubs(ui, shown.user);

    begin_card();
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(tr(lang, "profile.nominated_by").c_str());
    ImGui::PopStyleColor();
    if (const auto& by = profile->invited_by) {
        // The nominator, as a row that opens their profile in turn.
        constexpr float kSmall = 20;
        ImVec2 row = ImGui::GetCursorScreenPos();
        bool clicked = ImGui::InvisibleButton("invited_by", ImVec2(card_inner_width(), 2 * kSmall));
        bool hovered = ImGui::IsItemHovered();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        clicked |= ui.rects.record_last_item("profile.invited_by", by->name + " @" + by->handle,
                                             Role::link);
        avatar(ui, dl, ImVec2(row.x + kSmall, row.y + kSmall), kSmall, by->id, by->name,
               by->avatar);
        float x = row.x + 2 * kSmall + 12, right = row.x + card_inner_width();
        text_clipped(dl, ui.fonts.body, kBodySize, ImVec2(x, row.y + 1), right,
                     hovered ? color::kAccent : color::kText, by->name);
        text_clipped(dl, ui.fonts.small, kSmallSize, ImVec2(x, row.y + 21), right, color::kTextDim,
                     "@" + by->handle);
        if (clicked) open_profile(ui.state, ui.out, by->handle);
    } else {
        ImGui::TextUnformatted(tr(lang, "profile.founder").c_str());
    }
    end_card();
    draw_admin_card(ui);
    profile_replays(ui, profile->user.id);
    follows_list(ui, shown);
    if (own) {
        if (ui.ui.editing) edit_profile(ui);
        account(ui);
    }
    end_screen();
}

}  // namespace salotto::client
