import type { ComputeClusterDetails, Run } from "../run";
import { buildCatalog, DATA_START_MS, TIERS, TIER_INDEX, type Catalog, type Project, type ProjectKind, type Tier, type User } from "./catalog";
import { isoTime } from "./iso-time";
import { Rng, weightedIndex } from "./random";
import { runText } from "./texts";
import { Timeline } from "./timeline";

/**
 * Run i of a simulated deployment, computed from i alone (plus the small catalog and
 * the timeline), and as it looks at a given moment: in flight until its end has passed,
 * then terminal with the same runId and batchId.
 */

export interface DatasetSpec {
  /** Runs queued between 2018-01-01 and the anchor. */
  runs: number;
  seed: number;
  /** The moment `runs` is counted up to; runs keep arriving after it. */
  anchorMs: number;
}

/** Newer Domino versions add these to the cluster details; clients must take them in their stride. */
export interface SimulatedClusterDetails extends ComputeClusterDetails {
  averageWorkerCount?: number;
  diskUsageGiB?: number;
  diskUsagePercent?: number;
}

export interface SimulatedRun extends Run {
  computeClusterDetails: SimulatedClusterDetails | null;
}

const RUN_TYPES = ["App", "Batch", "Endpoint", "Launcher", "Scheduled", "SSHProxy", "Workspace", "Other"] as const;
type RunType = (typeof RUN_TYPES)[number];

const RUN_TYPE_WEIGHTS: Record<ProjectKind, number[]> = {
  model: [2, 45, 3, 5, 12, 2, 25, 5],
  gpu: [1, 50, 3, 2, 5, 4, 30, 3],
  bigdata: [1, 40, 1, 3, 30, 2, 20, 3],
  app: [15, 30, 2, 8, 10, 1, 30, 4],
  sandbox: [0.5, 30, 0.5, 4, 2, 3, 55, 5],
};

// Tier weights, in TIERS order: Small, Medium, Large, X-Large, Mem L, Mem XL, C16, T4, V100, A100, A100x4, H100.
const SERVING_TIERS = [30, 35, 20, 5, 5, 0, 0, 3, 1, 0.5, 0, 0];
const GPU_SERVING_TIERS = [5, 20, 25, 5, 0, 0, 0, 40, 4, 1, 0, 0];
const INTERACTIVE_TIERS: Record<ProjectKind, number[]> = {
  model: [25, 35, 25, 6, 5, 2, 2, 0, 0, 0, 0, 0],
  gpu: [5, 10, 10, 5, 0, 0, 0, 30, 20, 15, 2, 3],
  bigdata: [10, 25, 30, 10, 15, 8, 2, 0, 0, 0, 0, 0],
  app: [35, 40, 15, 5, 5, 0, 0, 0, 0, 0, 0, 0],
  sandbox: [50, 35, 10, 2, 2, 0, 1, 0.5, 0, 0, 0, 0],
};
const BATCH_TIERS: Record<ProjectKind, number[]> = {
  model: [10, 25, 30, 15, 8, 4, 8, 0, 0, 0, 0, 0],
  gpu: [2, 5, 8, 5, 0, 0, 0, 25, 25, 25, 6, 5],
  bigdata: [3, 10, 25, 20, 15, 12, 15, 0, 0, 0, 0, 0],
  app: [30, 40, 20, 5, 5, 0, 0, 0, 0, 0, 0, 0],
  sandbox: [40, 35, 15, 5, 3, 0, 2, 0.5, 0, 0, 0, 0],
};

/** Running time in seconds: [median, sigma, min, max]. Workspaces last hours, batch jobs minutes. */
const DURATION: Record<RunType, readonly [number, number, number, number]> = {
  App: [86_400, 1.1, 600, 90 * 86_400],
  Batch: [540, 1.3, 5, 3 * 86_400],
  Endpoint: [3 * 86_400, 1.0, 3_600, 120 * 86_400],
  Launcher: [240, 0.9, 10, 6 * 3_600],
  Scheduled: [720, 1.0, 10, 86_400],
  SSHProxy: [3_000, 0.9, 60, 86_400],
  Workspace: [9_000, 0.8, 120, 14 * 86_400],
  Other: [360, 1.2, 5, 86_400],
};

const TERMINAL = ["Succeeded", "Failed", "Stopped", "Error"] as const;
/**
 * Final status shares in TERMINAL order, per run type, as real deployments show them: batch
 * and scheduled jobs succeed and fail a few per cent; Workspaces, Apps and Model APIs
 * (Endpoint) are interactive or serving and end Stopped when someone stops them, rarely
 * failing. So "Failed & errored" lands at a few per cent of cost, as on real deployments.
 */
const STATUS_WEIGHTS: Record<RunType, number[]> = {
  App: [2, 3, 91, 4],
  Batch: [85, 8, 3, 4],
  Endpoint: [2, 3, 91, 4],
  Launcher: [88, 6, 3, 3],
  Scheduled: [90, 6, 2, 2],
  SSHProxy: [40, 1, 57, 2],
  Workspace: [3, 3, 90, 4],
  Other: [75, 12, 8, 5],
};

type ClusterType = "Spark" | "Ray" | "Dask" | "MPI";
const CLUSTER_FROM: Record<ClusterType, number> = {
  Spark: Date.UTC(2019, 5, 1),
  Ray: Date.UTC(2020, 9, 1),
  Dask: Date.UTC(2021, 5, 1),
  MPI: Date.UTC(2022, 2, 1),
};
const CLUSTER_TYPES: readonly ClusterType[] = ["Spark", "Ray", "Dask", "MPI"];
const CLUSTER_SHARE: Record<ProjectKind, number> = { bigdata: 0.35, gpu: 0.08, model: 0.03, app: 0.005, sandbox: 0.01 };
const CLUSTER_TYPE_WEIGHTS: Record<ProjectKind, number[]> = {
  bigdata: [70, 10, 20, 0],
  gpu: [0, 50, 10, 40],
  model: [40, 30, 30, 0],
  app: [60, 20, 20, 0],
  sandbox: [40, 30, 30, 0],
};
const CLUSTER_WORKERS: Record<ClusterType, { cpu: string[]; gpu: string[]; master: string | null }> = {
  Spark: { cpu: ["large-k8s", "xlarge-k8s", "memory-large", "memory-xlarge"], gpu: ["large-k8s"], master: "large-k8s" },
  Ray: { cpu: ["large-k8s", "xlarge-k8s"], gpu: ["gpu-t4", "gpu-v100", "gpu-a100"], master: "medium-k8s" },
  Dask: { cpu: ["large-k8s", "memory-large"], gpu: ["large-k8s"], master: "medium-k8s" },
  MPI: { cpu: ["compute-16"], gpu: ["gpu-v100", "gpu-a100"], master: null },
};
/** The newer cluster fields appear in runs from this date (a Domino upgrade). */
const NEW_CLUSTER_FIELDS_FROM = Date.UTC(2023, 0, 1);

/** What a run will be, independent of the moment it is looked at. */
export interface RunPlan {
  index: number;
  runId: string;
  title: string;
  command: string;
  runType: RunType;
  user: User;
  project: Project;
  tier: Tier;
  cluster: SimulatedClusterDetails | null;
  /** Tier + workers + master, USD per minute. */
  costPerMinute: number;
  queuedMs: number;
  /** null when the run never started (errored or stopped while queued). */
  startMs: number | null;
  endMs: number;
  status: (typeof TERMINAL)[number];
}

export interface RunView {
  plan: RunPlan;
  status: string;
  startMs: number | null;
  endMs: number | null;
  runDurationSec: number;
  totalCostAmount: number;
}

export class Dataset {
  readonly timeline: Timeline;
  readonly catalog: Catalog;

  constructor(readonly spec: DatasetSpec) {
    this.timeline = new Timeline(spec.seed, spec.runs, spec.anchorMs);
    this.catalog = buildCatalog(spec.seed, spec.anchorMs);
  }

  batchMs(index: number): number {
    return this.timeline.queuedMs(index);
  }

  /** How many runs are visible (queued) at nowMs. */
  visibleCount(nowMs: number): number {
    return this.timeline.countUpTo(nowMs);
  }

  /** Run i as the gateway shows it at nowMs, or null if it is not queued yet. */
  runAt(index: number, nowMs: number): SimulatedRun | null {
    const v = this.view(index, nowMs);
    if (v === null) return null;
    const p = v.plan;
    return {
      batchId: String(p.queuedMs),
      runId: p.runId,
      title: p.title,
      command: p.command,
      status: v.status,
      runType: p.runType,
      userName: p.user.name,
      userId: p.user.id,
      projectOwnerName: p.project.owner.name,
      projectOwnerId: p.project.owner.id,
      projectName: p.project.name,
      projectId: p.project.id,
      runDurationSec: v.runDurationSec,
      hardwareTier: p.tier.name,
      hardwareTierCostCurrency: "USD",
      hardwareTierCostAmount: p.tier.pricePerMinute,
      queuedTime: isoTime(p.queuedMs),
      startTime: v.startMs === null ? null : isoTime(v.startMs),
      endTime: v.endMs === null ? null : isoTime(v.endMs),
      totalCostCurrency: "USD",
      totalCostAmount: v.totalCostAmount,
      computeClusterDetails: p.cluster,
    };
  }

  /** The moment-dependent parts of run i at nowMs (status, times, accrued cost), or null if not queued yet. */
  view(index: number, nowMs: number): RunView | null {
    const p = this.plan(index);
    if (p.queuedMs > nowMs) return null;
    let status: string = p.status;
    let startMs = p.startMs;
    let endMs: number | null = p.endMs;
    if (p.endMs > nowMs) {
      endMs = null;
      if (startMs === null || startMs > nowMs) {
        status = "Queued";
        startMs = null;
      } else {
        status = "Running";
      }
    }
    const runDurationSec = (startMs === null ? 0 : (endMs ?? nowMs) - startMs) / 1000;
    return { plan: p, status, startMs, endMs, runDurationSec, totalCostAmount: roundCost((runDurationSec / 60) * p.costPerMinute) };
  }

  private plan(index: number): RunPlan {
    const { seed } = this.spec;
    const queuedMs = this.timeline.queuedMs(index);
    const rng = new Rng(seed, index, 0x5eed);
    const runId = rng.hexId();
    const user = this.pickUser(rng, queuedMs);
    const project = this.pickProject(user, rng, queuedMs);
    const runType = RUN_TYPES[weightedIndex(RUN_TYPE_WEIGHTS[project.kind], rng.next())]!;
    const tier = pickTier(runType, project.kind, rng, queuedMs);
    const cluster = runType === "Batch" || runType === "Scheduled" || runType === "Workspace" ? pickCluster(project.kind, rng, queuedMs) : null;
    let costPerMinute = tier.pricePerMinute;
    if (cluster) {
      costPerMinute += cluster.workerCount * cluster.workerHardwareTierCostPerMinute + (cluster.masterHardwareTierCostPerMinute ?? 0);
    }

    const [median, sigma, min, max] = DURATION[runType];
    let durationSec = rng.logNormal(tier.kind === "gpu" && runType === "Batch" ? median * 3 : median, sigma, min, max);
    if (runType === "Workspace" && rng.chance(0.03)) durationSec = 86_400 * (1 + 6 * rng.next()); // left running
    const status = TERMINAL[weightedIndex(STATUS_WEIGHTS[runType], rng.next())]!;
    let started = true;
    if (status === "Failed") durationSec *= 0.05 + 0.75 * rng.next();
    if (status === "Error") {
      started = !rng.chance(0.4);
      durationSec *= 0.01 + 0.19 * rng.next();
    }
    if (status === "Stopped") {
      started = !rng.chance(0.08);
      if (runType === "Batch" || runType === "Scheduled") durationSec *= 0.1 + 0.9 * rng.next();
    }
    const queueSec = rng.logNormal(tier.kind === "gpu" ? 90 : 20, 1.0, 1, 7_200);
    const startMs = queuedMs + Math.round(queueSec * 1000);
    const text = runText(runType, project, rng, queuedMs);
    return {
      index,
      runId,
      title: text.title,
      command: text.command,
      runType,
      user,
      project,
      tier,
      cluster,
      costPerMinute,
      queuedMs,
      startMs: started ? startMs : null,
      endMs: started ? startMs + Math.max(1000, Math.round(durationSec * 1000)) : startMs,
      status,
    };
  }

  private pickUser(rng: Rng, atMs: number): User {
    const { users, userTable } = this.catalog;
    for (let attempt = 0; attempt < 8; attempt++) {
      const user = users[userTable.draw(rng.next(), rng.next())]!;
      if (user.joinMs <= atMs && user.leaveMs > atMs) return user;
    }
    return users[rng.int(20)]!; // a founder: present from the start
  }

  private pickProject(user: User, rng: Rng, atMs: number): Project {
    const { projects } = this.catalog;
    const mine = user.projects;
    const main = projects[mine[0]!]!;
    // Most work happens in the user's main project.
    if (main.createdMs <= atMs && rng.chance(0.5)) return main;
    let open = 0;
    for (const p of mine) if (projects[p]!.createdMs <= atMs) open++;
    if (open === 0) return main;
    let k = rng.int(open);
    for (const p of mine) {
      if (projects[p]!.createdMs <= atMs && k-- === 0) return projects[p]!;
    }
    return main;
  }
}

function pickTier(runType: RunType, kind: ProjectKind, rng: Rng, atMs: number): Tier {
  let weights: number[];
  if (runType === "Batch" || runType === "Scheduled") weights = BATCH_TIERS[kind];
  else if (runType === "Workspace") weights = INTERACTIVE_TIERS[kind];
  else weights = kind === "gpu" && runType === "Endpoint" ? GPU_SERVING_TIERS : SERVING_TIERS;
  const available = weights.map((w, i) => (TIERS[i]!.availableFromMs <= atMs ? w : 0));
  if (!available.some((w) => w > 0)) return TIERS[1]!;
  return TIERS[weightedIndex(available, rng.next())]!;
}

function pickCluster(kind: ProjectKind, rng: Rng, atMs: number): SimulatedClusterDetails | null {
  const u = rng.next();
  if (u >= CLUSTER_SHARE[kind]) return null;
  const weights = CLUSTER_TYPE_WEIGHTS[kind].map((w, i) => (CLUSTER_FROM[CLUSTER_TYPES[i]!] <= atMs ? w : 0));
  if (!weights.some((w) => w > 0)) return null;
  const type = CLUSTER_TYPES[weightedIndex(weights, rng.next())]!;
  const options = CLUSTER_WORKERS[type];
  const workerTierId = rng.pick(kind === "gpu" ? options.gpu : options.cpu);
  const workerTier = TIERS[TIER_INDEX[workerTierId]!]!;
  const usableWorker = workerTier.availableFromMs <= atMs ? workerTier : TIERS[TIER_INDEX["large-k8s"]!]!;
  const master = options.master === null ? null : TIERS[TIER_INDEX[options.master]!]!;
  const workerCount = 2 + Math.floor(rng.next() ** 2 * 15);
  const details: SimulatedClusterDetails = {
    computeClusterType: type,
    workerCount,
    workerHardwareTierId: usableWorker.id,
    workerHardwareTierCostPerMinute: usableWorker.pricePerMinute,
    masterHardwareTierId: master?.id ?? null,
    masterHardwareTierCostPerMinute: master?.pricePerMinute ?? null,
  };
  if (atMs >= NEW_CLUSTER_FIELDS_FROM) {
    details.averageWorkerCount = Math.round(workerCount * (0.6 + 0.4 * rng.next()) * 100) / 100;
    details.diskUsageGiB = Math.round(5 + 200 * rng.next() ** 2);
    details.diskUsagePercent = Math.round(100 * rng.next() * 10) / 10;
  }
  return details;
}

/** Costs travel as doubles, like Domino's; six decimals keep them exact to well below a cent. */
function roundCost(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const cache = new Map<string, Dataset>();

/** The dataset for a spec, shared (a handful are kept) so tests and servers build it once. */
export function datasetFor(spec: DatasetSpec): Dataset {
  const key = `${spec.seed}:${spec.runs}:${spec.anchorMs}`;
  let dataset = cache.get(key);
  if (!dataset) {
    dataset = new Dataset(spec);
    if (cache.size >= 8) cache.delete(cache.keys().next().value!);
    cache.set(key, dataset);
  }
  return dataset;
}

export { DATA_START_MS };
