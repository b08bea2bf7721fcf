// HTTP byte ranges for the replay files (RFC 9110, "Range"): parsing the one range a
// media element or a download tool asks for, and a Beast file that reads only that
// window, so a seek in a replay streams from the disk like any static file.
#pragma once

#include <boost/beast/core/file.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

namespace salotto::net {

struct ByteRange {
    std::uint64_t first = 0;
    std::uint64_t last = 0;  // inclusive
    std::uint64_t size() const { return last - first + 1; }
    bool operator==(const ByteRange&) const = default;
};

enum class RangeAsk { whole, range, unsatisfiable };
struct RangeAnswer {
    RangeAsk ask = RangeAsk::whole;
    ByteRange range{};  // for RangeAsk::range
};

// What a Range header asks of a file of `size` bytes: the whole file (no header, a
// header this server does not serve, such as several ranges, which RFC 9110 lets it
// ignore), one range (clamped to the file), or a range past its end (416).
RangeAnswer parse_range(std::string_view header, std::uint64_t size);

// A beast::file showing only [first, first + length) of the file it opens: what
// http::basic_file_body<WindowFile> sends.
class WindowFile {
  public:
    using native_handle_type = boost::beast::file::native_handle_type;

    bool is_open() const { return file_.is_open(); }
    native_handle_type native_handle() const { return file_.native_handle(); }
    void native_handle(native_handle_type fd) { file_.native_handle(fd); }
    void close(boost::beast::error_code& ec) { file_.close(ec); }
    void open(char const* path, boost::beast::file_mode mode, boost::beast::error_code& ec) {
        file_.open(path, mode, ec);
    }
    // Limits the file to a window (after open); reading starts at its start.
    void window(std::uint64_t first, std::uint64_t length, boost::beast::error_code& ec) {
        first_ = first;
        length_ = length;
        windowed_ = true;
        file_.seek(first, ec);
    }
    // The window's size; the whole file's before window().
    std::uint64_t size(boost::beast::error_code& ec) const {
        if (!windowed_) return file_.size(ec);
        ec = {};
        return length_;
    }
    std::uint64_t pos(boost::beast::error_code& ec) const { return file_.pos(ec) - first_; }
    void seek(std::uint64_t offset, boost::beast::error_code& ec) {
        file_.seek(first_ + offset, ec);
    }
    std::size_t read(void* buffer, std::size_t n, boost::beast::error_code& ec) {
        return file_.read(buffer, n, ec);
    }
    std::size_t write(void const* buffer, std::size_t n, boost::beast::error_code& ec) {
        return file_.write(buffer, n, ec);
    }

  private:
    boost::beast::file file_;
    std::uint64_t first_ = 0;
    std::uint64_t length_ = 0;
    bool windowed_ = false;
};

}  // namespace salotto::net
