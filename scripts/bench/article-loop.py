"""The "Getting all data" script from Domino's article "Exporting Control Center data with
the API", for comparison in `npm run bench`. Its logic is kept: requests.get and json.loads
for each page, csv.writer for the rows, cursor from nextBatchId, stop once a run ended on
last_date. Its obvious bugs are fixed, each marked "fix:".

usage: python3 article-loop.py BASE_URL API_KEY OUT_FILE [YYYY-MM-DD]
Prints {"runs", "pages", "wallS", "cpuS", "maxRssMb"} as one JSON line on stderr at the end.
"""

import csv
import json
import resource
import sys
import time

import requests

URL = sys.argv[1].rstrip("/") + "/v4/gateway/runs/getByBatchId"
headers = {"X-Domino-Api-Key": sys.argv[2]}
out_file = sys.argv[3]
last_date = sys.argv[4] if len(sys.argv) > 4 else None

started = time.monotonic()
cpu_started = time.process_time()
got_latest = False
batch_ID_param = ""
runs_data = open(out_file, "w", newline="")  # fix: newline="" as the csv module requires
writer = csv.writer(runs_data)
header = None
count = 0
pages = 0

# fix: the article fetched the first page before the loop and dropped its runs.
while not got_latest:
    batch = requests.get(url=URL + batch_ID_param, headers=headers)
    batch.raise_for_status()  # fix: an error page was parsed as if it were data
    parsed = json.loads(batch.text)
    pages += 1

    for run in parsed["runs"]:
        if header is None:
            # fix: the header was taken but never written (cluster details are not a column)
            header = [k for k in run.keys() if k != "computeClusterDetails"]
            writer.writerow(header)
        writer.writerow([run.get(k) for k in header])  # fix: no row was ever written
        count += 1
        # fix: endTime is null for runs still in flight, and `in` on None raised TypeError
        if last_date is not None and last_date in (run["endTime"] or ""):
            got_latest = True

    # fix: the last page's null nextBatchId crashed the string concatenation, and a
    # last_date with no run ending on it looped for ever
    if not parsed.get("nextBatchId"):
        break
    batch_ID_param = "?batchId=" + parsed["nextBatchId"]

runs_data.close()  # fix: the file was never closed (rows could be lost in the buffer)

stats = {
    "runs": count,
    "pages": pages,
    "wallS": time.monotonic() - started,
    "cpuS": time.process_time() - cpu_started,
    "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}
print(json.dumps(stats), file=sys.stderr)
