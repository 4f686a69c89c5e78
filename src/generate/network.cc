#include "generate/network.h"

namespace aq::synthetic {

const std::vector<Series>& AllSeries() {
  static const std::vector<Series> series = [] {
    std::vector<Series> out;
    for (const Station& s : kStations) {
      for (int p = 0; p < kParamCount; ++p) {
        if (s.params & (1u << p)) out.push_back({&s, static_cast<Param>(p)});
      }
    }
    return out;
  }();
  return series;
}

}  // namespace aq::synthetic
