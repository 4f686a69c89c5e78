#include "io/filesystem.h"

namespace aq {

Result<std::string> ReadAll(FileSystem& fs, const std::string& path) {
  AQ_ASSIGN_OR_RETURN(ObjectInfo info, fs.Stat(path));
  AQ_ASSIGN_OR_RETURN(auto stream, fs.OpenRead(info));
  std::string out;
  char buffer[64 * 1024];
  for (;;) {
    AQ_ASSIGN_OR_RETURN(size_t n, stream->Read(buffer, sizeof buffer));
    if (n == 0) break;
    out.append(buffer, n);
  }
  return out;
}

Status WriteAll(FileSystem& fs, const std::string& path, std::string_view bytes) {
  AQ_ASSIGN_OR_RETURN(auto stream, fs.OpenWrite(path));
  AQ_RETURN_IF_ERROR(stream->Write(bytes));
  return stream->Close();
}

}  // namespace aq
