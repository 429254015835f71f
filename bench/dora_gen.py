#!/usr/bin/env python3
"""Writes the DORA benchmark's inputs: a Backstage catalog of SERVICES components in TEAMS teams, and ECS NDJSON with
one year of successful / failed production and staging deployments (weekdays, 0-4 a day, first commit 1-72 h before)
and incidents (about one per 25 production deployments, resolved after 5 min to 2 days). Deterministic (seeded)."""
import datetime as dt, json, os, random, sys

out, services, days, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), dt.datetime.fromisoformat(sys.argv[4])
teams = max(1, services // 20)
rng = random.Random(42)
os.makedirs(os.path.join(out, "catalog"), exist_ok=True)
with open(os.path.join(out, "catalog", "catalog-info.yaml"), "w") as f:
    for t in range(teams):
        f.write(f"---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-{t:03}\nspec:\n  type: team\n  children: []\n")
    for s in range(services):
        f.write(f"---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-{s:04}\nspec:\n  type: service\n"
                f"  lifecycle: production\n  owner: group:default/team-{s % teams:03}\n")
start = end - dt.timedelta(days=days)
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
events = deployments = incidents = 0
with open(os.path.join(out, "deployments.ndjson"), "w") as f:
    for s in range(services):
        name, rate = f"svc-{s:04}", rng.choice([0.3, 1, 2, 4])
        for d in range(days):
            day = start + dt.timedelta(days=d)
            if day.weekday() >= 5:
                continue
            for i in range(int(rate * rng.random() * 2)):
                finished = day + dt.timedelta(hours=8 + rng.random() * 10)
                env = "production" if rng.random() < 0.7 else "staging"
                ok = rng.random() < 0.92
                doc = {"@timestamp": iso(finished), "event": {"id": f"dep-{s}-{d}-{i}", "action": "deployment", "outcome": "success" if ok else "failure"},
                       "service": {"name": name, "environment": env, "version": f"1.{d}.{i}"},
                       "labels": {"commit_sha": f"{rng.getrandbits(160):040x}", "first_commit_at": iso(finished - dt.timedelta(hours=1 + rng.random() * 71))}}
                f.write(json.dumps(doc, separators=(",", ":")) + "\n")
                events += 1
                deployments += ok and env == "production"
                if ok and env == "production" and rng.random() < 0.04:
                    began = finished + dt.timedelta(minutes=5 + rng.random() * 600)
                    resolved = began + dt.timedelta(minutes=5 + rng.random() * 2880)
                    doc = {"@timestamp": iso(resolved), "event": {"id": f"inc-{s}-{d}-{i}", "action": "incident", "start": iso(began), "end": iso(resolved)},
                           "service": {"name": name, "environment": "production"}, "labels": {"incident_id": f"INC-{s}-{d}-{i}"}}
                    f.write(json.dumps(doc, separators=(",", ":")) + "\n")
                    events += 1
                    incidents += 1
print(f"generated {events} events ({deployments} successful production deployments, {incidents} incidents), {services} services in {teams} teams")
