// Copy buttons for links (rooms, invites, profiles): the full URL goes to the
// browser's clipboard through ImGui's clipboard hook, which the web platform layer
// points at navigator.clipboard.writeText (client/web/platform.cpp). The click is
// handled in the frame right after the pointer event, within the browser's
// user-activation window that writeText needs.
#include <string>

#include "client/deep_link.hpp"
#include "client/draw.hpp"
#include "client/screens.hpp"

namespace salotto::client {

bool copy_link_button(Ui& ui, const std::string& label, std::string widget_id,
                      std::string_view path) {
    if (!button(ui, label, std::move(widget_id), ButtonKind::soft)) return false;
    const std::string url = full_url(ui.state.origin, path);
    ImGui::SetClipboardText(url.c_str());
    ui.state.last_copied = url;
    ui.state.error.reset();
    ui.state.notice = tr(ui.state.lang, "share.copied", {{"url", url}});
    return true;
}

}  // namespace salotto::client
