// The synthetic network behind `aqpipe generate`: invented Belgian stations, the parameters
// each measures and the daily and yearly shapes of their levels. Static tables only.
//
// Thread safety: immutable; AllSeries() builds its list once, thread-safely.
#pragma once

#include <array>
#include <vector>

namespace aq::synthetic {

enum Param { kPm25, kPm10, kNo2, kO3, kSo2, kCo, kParamCount };

// Percent of the daily mean by local hour of day.
using HourProfile = std::array<int, 24>;
// Percent of the yearly mean by month.
using MonthProfile = std::array<int, 12>;

inline constexpr HourProfile kTrafficHours = {70,  60,  55,  55,  60,  80, 115, 145,
                                              150, 125, 100, 90,  90,  90, 95,  105,
                                              125, 145, 140, 120, 105, 95, 85,  75};
inline constexpr HourProfile kParticleHours = {105, 100, 95,  90,  90,  95,  105, 115,
                                               115, 105, 95,  90,  85,  85,  85,  90,
                                               100, 110, 120, 125, 120, 115, 110, 108};
inline constexpr HourProfile kOzoneHours = {70,  65,  60,  55,  50,  50,  55,  65,
                                            80,  95,  110, 125, 135, 145, 150, 150,
                                            145, 135, 120, 105, 95,  85,  80,  75};
inline constexpr HourProfile kFlatHours = {90,  90,  90,  90,  90,  95,  100, 105,
                                           110, 110, 110, 110, 110, 110, 110, 105,
                                           105, 100, 100, 95,  95,  90,  90,  90};

inline constexpr MonthProfile kParticleMonths = {135, 130, 115, 100, 85,  75,
                                                 70,  75,  85,  100, 120, 135};
inline constexpr MonthProfile kNo2Months = {120, 118, 110, 100, 90, 82, 78, 80, 92, 105, 115, 122};
inline constexpr MonthProfile kOzoneMonths = {55, 65, 85, 110, 130, 140, 145, 135, 110, 85, 65, 55};
inline constexpr MonthProfile kSo2Months = {115, 112, 105, 100, 95, 90, 88, 90, 95, 100, 108, 115};

struct ParamInfo {
  const char* name;
  const char* unit;
  int decimals;         // 1 or 2
  int mean_hundredths;  // typical level at an urban background station, in 0.01 units
  const HourProfile* hours;
  const MonthProfile* months;
};

inline constexpr std::array<ParamInfo, kParamCount> kParams = {{
    {"pm25", "µg/m³", 1, 1100, &kParticleHours, &kParticleMonths},
    {"pm10", "µg/m³", 1, 1900, &kParticleHours, &kParticleMonths},
    {"no2", "µg/m³", 1, 2400, &kTrafficHours, &kNo2Months},
    {"o3", "µg/m³", 1, 4800, &kOzoneHours, &kOzoneMonths},
    {"so2", "µg/m³", 1, 250, &kFlatHours, &kSo2Months},
    {"co", "mg/m³", 2, 30, &kTrafficHours, &kParticleMonths},
}};

constexpr unsigned Bit(Param p) { return 1u << p; }
inline constexpr unsigned kPm = Bit(kPm25) | Bit(kPm10);
inline constexpr unsigned kUrban = kPm | Bit(kNo2) | Bit(kO3);
inline constexpr unsigned kTraffic = kPm | Bit(kNo2) | Bit(kCo);
inline constexpr unsigned kIndustrial = kPm | Bit(kNo2) | Bit(kSo2);

struct Station {
  int id;
  const char* location;
  const char* city;  // nullptr is written as null, as OpenAQ often does
  const char* latitude;
  const char* longitude;
  bool community;  // a low-cost community sensor rather than a government station
  int level;       // percent of the network's typical pollution level
  unsigned params;
};

// Invented stations at plausible places inside Belgium. Brussels stations use both the Dutch
// and the French city name, as the real feeds do.
inline constexpr std::array<Station, 20> kStations = {{
    {4101, "Bruxelles-Arts-Loi", "Bruxelles", "50.8454", "4.3699", false, 150, kTraffic},
    {4102, "Brussel-Molenbeek", "Brussel", "50.8510", "4.3230", false, 120, kUrban},
    {4103, "Uccle-Observatoire", "Bruxelles", "50.7980", "4.3580", false, 90, kUrban | Bit(kSo2)},
    {4201, "Antwerpen-Linkeroever", "Antwerpen", "51.2203", "4.3851", false, 110, kUrban},
    {4202, "Antwerpen-Borgerhout", "Antwerpen", "51.2097", "4.4312", false, 145, kTraffic},
    {4203, "Schoten-Park", nullptr, "51.2517", "4.5010", false, 85, kUrban},
    {4301, "Gent-Baudelopark", "Gent", "51.0590", "3.7290", false, 110, kUrban},
    {4302, "Evergem-Haven", nullptr, "51.1570", "3.7690", false, 125, kIndustrial},
    {4303, "Ledeberg Burgersensor 17", "Gent", "51.0380", "3.7420", true, 115, kPm},
    {4401, "Liège-Jonfosse", "Liège", "50.6400", "5.5620", false, 120, kTraffic | Bit(kO3)},
    {4402, "Herstal-Pré-Wigy", nullptr, "50.6640", "5.6220", false, 130, kIndustrial},
    {4501, "Charleroi-Marchienne", "Charleroi", "50.4050", "4.4030", false, 125, kIndustrial},
    {4502, "Charleroi-Centre", "Charleroi", "50.4110", "4.4450", false, 115, kUrban},
    {4601, "Namur-Citadelle", "Namur", "50.4600", "4.8600", false, 90, kUrban},
    {4701, "Brugge-Sint-Pieters", "Brugge", "51.2280", "3.2050", false, 95, kUrban},
    {4702, "Zeebrugge-Haven", nullptr, "51.3290", "3.1950", false, 110, kIndustrial | Bit(kO3)},
    {4801, "Leuven-Diestsepoort", "Leuven", "50.8820", "4.7140", false, 115, kTraffic},
    {4802, "Kessel-Lo Luchtbox", "Leuven", "50.8890", "4.7290", true, 105, kPm},
    {4901, "Mons-Jemappes", "Mons", "50.4520", "3.9180", false, 100, kUrban},
    {5001, "Hasselt-Kuringen", "Hasselt", "50.9350", "5.3000", false, 95, kUrban | Bit(kCo)},
}};

struct Series {
  const Station* station;
  Param param;
};

// Every station x parameter pair, station by station in table order: the rows of one hour.
const std::vector<Series>& AllSeries();

}  // namespace aq::synthetic
