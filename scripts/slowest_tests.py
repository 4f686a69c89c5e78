#!/usr/bin/env python3
"""Prints the slowest pytest tests of a run from the JUnit reports ctest's entries write.

usage: slowest_tests.py DIR [N]     (DIR: build/<preset>/pytest)
"""

import pathlib
import sys
import xml.etree.ElementTree as ET

folder, count = pathlib.Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 15
cases = []
for report in sorted(folder.glob("*.xml")):
    for case in ET.parse(report).iter("testcase"):
        cases.append((float(case.get("time", 0)), f"{case.get('classname')}::{case.get('name')}"))
total = sum(seconds for seconds, _ in cases)
print(f"slowest of {len(cases)} pytest tests ({total:.0f} s in all):")
for seconds, name in sorted(cases, reverse=True)[:count]:
    print(f"  {seconds:7.2f} s  {name}")
