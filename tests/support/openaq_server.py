"""A local stand-in for the OpenAQ v3 API, for tests: loopback only, written from the documented
shapes (docs.openaq.org: /v3/locations, /v3/sensors/{id}/measurements|hours|days, `meta.found`,
`limit`/`page`, the X-API-Key header, the x-ratelimit-* headers, the errors 401/403/404/410/422/
429). Nothing here talks to api.openaq.org.

The data is a deterministic function of the sensor and the hour, so two servers serve the same
records and a test can compute what an ingest should have written. Belgium ("BE") has:
  location 4101 with sensors 11 (pm25), 12 (pm10), 13 (no2), locality null
  location 4102 with sensors 21 (pm25), 22 (pm10)
  location 4103 with no sensors at all
  location 4104 with sensor 41 (pm25), archived: its data ended in 2020 (datetimeLast)
"measurements" come every 15 minutes (so a month needs several pages), "hours" every hour,
"days" once a day (the mean of the day's hours); a record belongs to a window when its period
starts inside it.

It can misbehave on purpose (`faults`, one kind per `fault_every`-th sensor-data request, in
turn): "429" (with x-ratelimit-reset), "500", "slow" (answers after `slow_seconds`), "cut" (sends
half the promised body, then closes). `found_as_string` answers `found` as ">N"; `status_for`
forces a status on a path prefix. It enforces its own rate limit (`limit` requests per `window`
seconds) with 429s and keeps every request's arrival time, so a test can count the most requests
in any window.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTRY = "BE"
START = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)  # the first hour with data
END = dt.datetime(2024, 4, 1, tzinfo=dt.timezone.utc)    # data stops here (exclusive)
PARAMETERS = {"pm25": (2, "µg/m³"), "pm10": (1, "µg/m³"), "no2": (7, "µg/m³")}
LOCATIONS = [
    {"id": 4101, "name": "Bruxelles-Arts-Loi", "locality": None, "lat": 50.8454, "lon": 4.3699,
     "sensors": [(11, "pm25"), (12, "pm10"), (13, "no2")], "archived": False},
    {"id": 4102, "name": "Brussel-Molenbeek \"MOL\"", "locality": "Brussel", "lat": 50.8485,
     "lon": 4.3345, "sensors": [(21, "pm25"), (22, "pm10")], "archived": False},
    {"id": 4103, "name": "Gent (no sensors)", "locality": "Gent", "lat": 51.05, "lon": 3.73,
     "sensors": [], "archived": False},
    {"id": 4104, "name": "Liège (archived)", "locality": "Liège", "lat": 50.63, "lon": 5.57,
     "sensors": [(41, "pm25")], "archived": True},
]
STEP = {"measurements": dt.timedelta(minutes=15), "hours": dt.timedelta(hours=1),
        "days": dt.timedelta(days=1)}


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def local(t: dt.datetime) -> str:
    # Belgium in winter; the stand-in keeps one offset, the API would follow DST.
    return (t + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S+01:00")


def value(sensor: int, t: dt.datetime) -> float:
    minutes = int((t - START).total_seconds() // 60)
    return round(5 + (sensor * 7 + minutes // 15 * 13) % 400 / 10, 1)


def parse_time(text: str) -> dt.datetime:
    if len(text) == 10:
        text += "T00:00:00Z"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def location_json(loc: dict) -> dict:
    last = dt.datetime(2020, 6, 1, tzinfo=dt.timezone.utc) if loc["archived"] else END
    return {
        "id": loc["id"], "name": loc["name"], "locality": loc["locality"],
        "timezone": "Europe/Brussels",
        "country": {"id": 20, "code": COUNTRY, "name": "Belgium"},
        "owner": {"id": 4, "name": "Unknown Governmental Organization"},
        "provider": {"id": 95, "name": "EEA"},
        "isMobile": False, "isMonitor": True, "instruments": [{"id": 2, "name": "Government Monitor"}],
        "sensors": [{"id": sid, "name": f"{p} µg/m³",
                     "parameter": {"id": PARAMETERS[p][0], "name": p, "units": PARAMETERS[p][1],
                                   "displayName": None}}
                    for sid, p in loc["sensors"]],
        "coordinates": {"latitude": loc["lat"], "longitude": loc["lon"]},
        "licenses": None, "bounds": [loc["lon"], loc["lat"], loc["lon"], loc["lat"]],
        "distance": None,
        "datetimeFirst": {"utc": iso(START), "local": local(START)},
        "datetimeLast": {"utc": iso(last), "local": local(last)},
    }


def sensor_index() -> dict[int, tuple[dict, str]]:
    return {sid: (loc, p) for loc in LOCATIONS for sid, p in loc["sensors"]}


@functools.lru_cache(maxsize=64)  # every page of a window asks for the same records
def records(sensor: int, data: str, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """The records of `sensor` whose period starts in [start, end). Do not modify the result."""
    loc, parameter = sensor_index()[sensor]
    step = STEP[data]
    first = max(start, START)
    if loc["archived"]:
        return []
    # Align to the data's own grid.
    offset = (first - START) % step
    t = first if offset == dt.timedelta(0) else first + (step - offset)
    out = []
    while t < min(end, END):
        label = {"measurements": "raw", "hours": "1hour", "days": "1day"}[data]
        out.append({
            "value": value(sensor, t),
            "flagInfo": {"hasFlags": False},
            "parameter": {"id": PARAMETERS[parameter][0], "name": parameter,
                          "units": PARAMETERS[parameter][1], "displayName": None},
            "period": {"label": label, "interval": str(step),
                       "datetimeFrom": {"utc": iso(t), "local": local(t)},
                       "datetimeTo": {"utc": iso(t + step), "local": local(t + step)}},
            "coordinates": None,
            "summary": None,
            "coverage": None if data == "measurements" else {
                "expectedCount": 1, "expectedInterval": str(step), "observedCount": 1,
                "observedInterval": str(step), "percentComplete": 100.0, "percentCoverage": 100.0,
                "datetimeFrom": {"utc": iso(t), "local": local(t)},
                "datetimeTo": {"utc": iso(t + step), "local": local(t + step)}},
        })
        t += step
    return out


class OpenAqServer:
    def __init__(self, api_key: str = "test-openaq-key-0001", limit: int = 60, window: float = 60.0,
                 faults: tuple[str, ...] = (), fault_every: int = 3, slow_seconds: float = 2.0,
                 found_as_string: bool = False, status_for: dict[str, int] | None = None,
                 forbidden_key: str = "forbidden-openaq-key", rate_headers: bool = True):
        self.api_key = api_key
        self.forbidden_key = forbidden_key
        self.rate_headers = rate_headers  # False: x-ratelimit-* only on 429 answers
        self.limit = limit
        self.window = window
        self.faults = faults
        self.fault_every = fault_every
        self.slow_seconds = slow_seconds
        self.found_as_string = found_as_string
        self.status_for = status_for or {}
        self.lock = threading.Lock()
        self.arrivals: list[float] = []       # monotonic times of every request
        self.requests: list[tuple[str, int]] = []  # (path?query, status)
        self.rate_limited = 0                 # 429s the limit itself caused
        self.faults_injected: list[str] = []
        self._data_requests = 0
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    # --- counting ---------------------------------------------------------------------------
    def most_in_window(self, window: float | None = None) -> int:
        window = self.window if window is None else window
        times = sorted(self.arrivals)
        most, j = 0, 0
        for i, t in enumerate(times):
            while times[j] <= t - window:
                j += 1
            most = max(most, i - j + 1)
        return most

    def data_requests(self) -> list[str]:
        return [p for p, _ in self.requests if p.startswith("/v3/sensors/")]

    def reset_counts(self) -> None:
        with self.lock:
            self.arrivals.clear()
            self.requests.clear()
            self.rate_limited = 0
            self._data_requests = 0
            self.faults_injected.clear()

    # --- lifecycle --------------------------------------------------------------------------
    def start(self) -> "OpenAqServer":
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                owner._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> "OpenAqServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- answering --------------------------------------------------------------------------
    def _rate_headers(self, now: float) -> dict[str, str]:
        used = sum(1 for t in self.arrivals if t > now - self.window)
        oldest = min((t for t in self.arrivals if t > now - self.window), default=now)
        reset = max(1, int(oldest + self.window - now + 0.999))
        return {"x-ratelimit-limit": str(self.limit), "x-ratelimit-used": str(used),
                "x-ratelimit-remaining": str(max(0, self.limit - used)),
                "x-ratelimit-reset": str(reset)}

    def _send(self, handler, status: int, body: dict, headers: dict[str, str], cut: bool = False):
        data = json.dumps(body).encode()
        if not self.rate_headers and status != 429:
            headers = {}
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                handler.send_header(k, v)
            if cut:
                handler.send_header("Connection", "close")
            handler.end_headers()
            if cut:
                handler.wfile.write(data[: len(data) // 2])
                handler.wfile.flush()
                handler.connection.shutdown(socket.SHUT_RDWR)
                handler.close_connection = True
            else:
                handler.wfile.write(data)
        except OSError:  # the client gave up (a timeout test): nothing to answer
            handler.close_connection = True

    def _handle(self, handler) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        path = parsed.path
        now = time.monotonic()
        with self.lock:
            self.arrivals.append(now)
            headers = self._rate_headers(now)
            over = int(headers["x-ratelimit-used"]) > self.limit
            fault = None
            if path.startswith("/v3/sensors/") and not over:
                self._data_requests += 1
                if self.faults and self._data_requests % self.fault_every == 0:
                    fault = self.faults[(self._data_requests // self.fault_every - 1) % len(self.faults)]
                    self.faults_injected.append(fault)
        status, body, cut = self._answer(handler, path, query, headers, over, fault)
        with self.lock:
            self.requests.append((handler.path, status))
        if fault == "slow":
            time.sleep(self.slow_seconds)
        self._send(handler, status, body, headers, cut=cut)

    def _answer(self, handler, path, query, headers, over, fault):
        key = handler.headers.get("X-API-Key")
        if path.startswith("/v1/") or path.startswith("/v2/") or "/v2/" in path or "/v1/" in path:
            return 410, {"detail": "Gone. Version 1 and Version 2 API endpoints are retired "
                                   "and no longer available. Please migrate to Version 3"}, False
        if key != self.api_key and key != self.forbidden_key:
            return 401, {"detail": "Unauthorized. A valid API key must be provided in the "
                                   "X-API-Key header."}, False
        if key == self.forbidden_key:
            return 403, {"detail": "Forbidden"}, False
        if over:
            with self.lock:
                self.rate_limited += 1
            return 429, {"detail": "Too many requests"}, False
        for prefix, status in self.status_for.items():
            if path.startswith(prefix):
                return status, {"detail": [{"loc": ["query"], "msg": f"forced {status}",
                                            "type": "value_error"}]}, False
        if fault == "429":
            headers["x-ratelimit-remaining"] = "0"
            headers["x-ratelimit-reset"] = "1"
            return 429, {"detail": "Too many requests"}, False
        if fault == "500":
            return 500, {"detail": "Internal Server Error"}, False
        try:
            limit = int(query.get("limit", "100"))
            page = int(query.get("page", "1"))
        except ValueError:
            return 422, {"detail": [{"msg": "limit and page must be integers"}]}, False
        if not 1 <= limit <= 1000 or page < 1:
            return 422, {"detail": [{"msg": "limit must be 1..1000 and page >= 1"}]}, False
        if path == "/v3/locations":
            iso_code = query.get("iso", "")
            items = [location_json(loc) for loc in LOCATIONS] if iso_code == COUNTRY else []
        elif path.startswith("/v3/sensors/"):
            parts = path.split("/")
            if len(parts) != 5 or not parts[3].isdigit() or parts[4] not in STEP:
                return 404, {"detail": "Not Found"}, False
            sensor = int(parts[3])
            if sensor not in sensor_index():
                return 404, {"detail": "Not Found"}, False
            try:
                start = parse_time(query.get("datetime_from", iso(START)))
                end = parse_time(query.get("datetime_to", iso(END)))
            except ValueError:
                return 422, {"detail": [{"msg": "datetime_from/datetime_to: invalid datetime"}]}, False
            items = records(sensor, parts[4], start, end)
        else:
            return 404, {"detail": "Not Found"}, False
        found = len(items)
        results = items[(page - 1) * limit: page * limit]
        # With found_as_string the API only admits a lower bound, as it does for large counts.
        meta = {"name": "openaq-api", "website": "/", "page": page, "limit": limit,
                "found": f">{limit}" if self.found_as_string else found}
        return 200, {"meta": meta, "results": results}, fault == "cut"
