import { AliasTable, Rng } from "./random";

/**
 * The simulated deployment's fixed parts: hardware tiers, users, organisations and
 * projects. Small (a few hundred entries), built once per (seed, anchor) and shared by
 * every run computed from it.
 */

export const DATA_START_MS = Date.UTC(2018, 0, 1);

const DAY_MS = 86_400_000;

export type TierKind = "cpu" | "memory" | "gpu";

export interface Tier {
  id: string;
  name: string;
  kind: TierKind;
  /** USD per minute, as Domino reports `hardwareTierCostAmount`. */
  pricePerMinute: number;
  /** Tiers are added to a deployment over the years (A100s did not exist in 2018). */
  availableFromMs: number;
}

/** About a dozen tiers, from cents per hour (Small: $0.066/h) to dollars per hour (A100 x4: $12.29/h). */
export const TIERS: readonly Tier[] = [
  { id: "small-k8s", name: "Small", kind: "cpu", pricePerMinute: 0.0011, availableFromMs: DATA_START_MS },
  { id: "medium-k8s", name: "Medium", kind: "cpu", pricePerMinute: 0.0023, availableFromMs: DATA_START_MS },
  { id: "large-k8s", name: "Large", kind: "cpu", pricePerMinute: 0.0046, availableFromMs: DATA_START_MS },
  { id: "xlarge-k8s", name: "X-Large", kind: "cpu", pricePerMinute: 0.0092, availableFromMs: DATA_START_MS },
  { id: "memory-large", name: "Memory Optimized Large", kind: "memory", pricePerMinute: 0.0067, availableFromMs: DATA_START_MS },
  { id: "memory-xlarge", name: "Memory Optimized X-Large", kind: "memory", pricePerMinute: 0.0134, availableFromMs: Date.UTC(2018, 8, 1) },
  { id: "compute-16", name: "Compute 16 Core", kind: "cpu", pricePerMinute: 0.0168, availableFromMs: Date.UTC(2019, 1, 1) },
  { id: "gpu-t4", name: "GPU T4", kind: "gpu", pricePerMinute: 0.0105, availableFromMs: Date.UTC(2019, 3, 1) },
  { id: "gpu-v100", name: "GPU V100", kind: "gpu", pricePerMinute: 0.051, availableFromMs: DATA_START_MS },
  { id: "gpu-a100", name: "GPU A100", kind: "gpu", pricePerMinute: 0.0683, availableFromMs: Date.UTC(2020, 10, 1) },
  { id: "gpu-a100-x4", name: "GPU A100 x4", kind: "gpu", pricePerMinute: 0.2048, availableFromMs: Date.UTC(2021, 5, 1) },
  { id: "gpu-h100", name: "GPU H100", kind: "gpu", pricePerMinute: 0.1365, availableFromMs: Date.UTC(2023, 8, 1) },
];

export const TIER_INDEX: Readonly<Record<string, number>> = Object.fromEntries(TIERS.map((t, i) => [t.id, i]));

/** What a project mostly does; it decides run types, tiers and clusters. */
export type ProjectKind = "model" | "gpu" | "bigdata" | "app" | "sandbox";

export interface Account {
  id: string;
  name: string;
}

export interface User extends Account {
  joinMs: number;
  /** Users leave; their runs stop then. Infinity for those still here. */
  leaveMs: number;
  /** Indices into `projects`, the first being the one the user works in most. */
  projects: number[];
}

export interface Project {
  id: string;
  name: string;
  owner: Account;
  kind: ProjectKind;
  createdMs: number;
  /** Script names this project's jobs run, so commands repeat within a project. */
  scripts: string[];
}

export interface Catalog {
  users: User[];
  orgs: Account[];
  projects: Project[];
  /** Draws a user by activity (a few heavy users, a long tail). */
  userTable: AliasTable;
}

const FIRST_NAMES = [
  "james", "maria", "wei", "priya", "olga", "ahmed", "sofia", "lucas", "yuki", "fatima",
  "daniel", "anna", "chen", "ravi", "emma", "mohammed", "laura", "ivan", "grace", "diego",
  "sarah", "kenji", "amara", "tom", "nina", "omar", "julia", "arjun", "elena", "kwame",
  "lisa", "pedro", "hana", "michael", "aisha", "david", "ingrid", "jorge", "mei", "samuel",
  "rachel", "tariq", "chloe", "viktor", "zara", "ben", "lena", "raj", "sven", "nadia",
];

const LAST_NAMES = [
  "smith", "garcia", "zhang", "patel", "ivanova", "hassan", "rossi", "silva", "tanaka", "khan",
  "miller", "novak", "li", "kumar", "brown", "ali", "schmidt", "petrov", "kim", "lopez",
  "cohen", "sato", "okafor", "wilson", "weber", "said", "martin", "singh", "popescu", "mensah",
  "nguyen", "santos", "park", "johnson", "bello", "lee", "larsen", "ramirez", "wang", "adams",
];

/** Logins with non-Latin letters: exports and the dashboard must carry them intact. */
const SPECIAL_USER_NAMES = ["zoë.ångström", "李娜", "мария.иванова", "ömer.yılmaz"];

const ORG_NAMES = [
  "data-science", "risk-analytics", "marketing-ds", "ml-platform", "research", "finance-ds",
  "growth", "clinical-ai", "forecasting", "fraud-team", "supply-chain", "customer-insights",
];

/** Base project names; many repeat across owners, as they do in a real deployment. */
const PROJECT_NAMES: ReadonlyArray<readonly [string, ProjectKind]> = [
  ["churn-model", "model"], ["demand-forecast", "model"], ["fraud-detection", "model"],
  ["customer-segmentation", "model"], ["price-optimization", "model"], ["credit-risk", "model"],
  ["ltv-prediction", "model"], ["propensity-scoring", "model"], ["ab-test-analysis", "model"],
  ["inventory-planning", "model"], ["claims-triage", "model"], ["anomaly-detection", "model"],
  ["recommendations", "model"], ["survival-analysis", "model"], ["marketing-mix", "model"],
  ["uplift-modeling", "model"], ["sales-forecast", "model"], ["attrition-risk", "model"],
  ["pricing-elasticity", "model"], ["loan-default", "model"], ["readmission-risk", "model"],
  ["energy-load-forecast", "model"], ["route-optimization", "model"], ["market-basket", "model"],
  ["nlp-sentiment", "gpu"], ["image-classifier", "gpu"], ["llm-finetune", "gpu"],
  ["document-ocr", "gpu"], ["speech-to-text", "gpu"], ["vision-defects", "gpu"],
  ["bert-embeddings", "gpu"], ["deep-forecasting", "gpu"], ["rag-assistant", "gpu"],
  ["medical-imaging", "gpu"], ["object-detection", "gpu"], ["genai-summaries", "gpu"],
  ["etl-pipeline", "bigdata"], ["clickstream-aggregation", "bigdata"], ["feature-store", "bigdata"],
  ["data-lake-ingest", "bigdata"], ["spark-reporting", "bigdata"], ["log-analytics", "bigdata"],
  ["transactions-rollup", "bigdata"], ["genomics-pipeline", "bigdata"], ["iot-telemetry", "bigdata"],
  ["kpi-dashboard", "app"], ["model-monitoring-app", "app"], ["sales-explorer", "app"],
  ["risk-portal", "app"], ["forecast-viewer", "app"], ["experiment-tracker-ui", "app"],
  ["churn-dashboard", "app"], ["capacity-planning", "model"], ["call-center-forecast", "model"],
  ["next-best-action", "model"], ["customer-360", "bigdata"], ["entity-resolution", "model"],
  ["time-series-lab", "model"], ["causal-inference", "model"], ["mlops-templates", "sandbox"],
  ["model-validation", "model"], ["stress-testing", "model"], ["esg-scoring", "model"],
  ["search-ranking", "gpu"], ["translation-models", "gpu"], ["satellite-imagery", "gpu"],
  ["protein-folding", "gpu"], ["chatbot-eval", "gpu"], ["reporting-automation", "bigdata"],
  ["data-quality-checks", "bigdata"], ["streaming-features", "bigdata"], ["claims-fraud-app", "app"],
  ["pricing-simulator", "app"], ["scratch", "sandbox"], ["sandbox", "sandbox"], ["exploration", "sandbox"], ["notebooks", "sandbox"],
  ["onboarding", "sandbox"], ["hackathon-2019", "sandbox"], ["hackathon-2023", "sandbox"],
    // Names a CSV or a spreadsheet can break on: kept on purpose (see ODD_PROJECT_NAMES).
  ["数据分析", "model"], ["Ünïcödé-experiments", "sandbox"], ["sales, marketing & ops", "app"],
  ['the "new" pricing', "model"], ["=cmd-test", "sandbox"], ["+uplift", "model"],
  ["-tmp", "sandbox"], ["@alerts-bot", "app"],
];

export const ODD_PROJECT_NAMES = new Set([
  "数据分析", "Ünïcödé-experiments", "sales, marketing & ops", 'the "new" pricing', "=cmd-test", "+uplift", "-tmp", "@alerts-bot",
]);

/** Names used under two or three owners (e.g. churn-model under three). */
const POPULAR_NAMES = new Set([
  "churn-model", "demand-forecast", "fraud-detection", "customer-segmentation", "credit-risk",
  "llm-finetune", "image-classifier", "etl-pipeline", "kpi-dashboard", "scratch", "sandbox",
  "exploration", "notebooks", "sales-forecast", "anomaly-detection", "nlp-sentiment",
  "feature-store", "recommendations", "price-optimization", "rag-assistant",
]);

const SCRIPTS: Readonly<Record<ProjectKind, readonly string[]>> = {
  model: ["train.py", "score.py", "evaluate.py", "features.py", "model.R", "backtest.py", "report.ipynb"],
  gpu: ["train.py", "finetune.py", "infer.py", "embed.py", "eval.py", "distill.py"],
  bigdata: ["jobs/ingest.py", "jobs/aggregate.py", "jobs/compact.py", "run_etl.sh", "jobs/backfill.py"],
  app: ["app.py", "refresh_data.py", "app.R"],
  sandbox: ["test.py", "explore.ipynb", "hello.py", "analysis.R"],
};

const USER_COUNT = 400;
const FOUNDERS = 20;

/** The deployment as of `anchorMs`: users join and projects appear across 2018 → anchor. */
export function buildCatalog(seed: number, anchorMs: number): Catalog {
  const rng = new Rng(seed, 0, 0xca7a);
  const span = Math.max(anchorMs - DATA_START_MS, DAY_MS);
  const taken = new Set<string>();

  const users: User[] = [];
  for (let i = 0; i < USER_COUNT; i++) {
    const special = SPECIAL_USER_NAMES[Math.floor(i / 97)];
    let name: string;
    if (i % 97 === 50 && special !== undefined) {
      name = special;
    } else {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      name = rng.chance(0.6) ? `${first}.${last}` : `${first[0]}${last}`;
      for (let n = 2; taken.has(name); n++) name = `${first}.${last}${n}`;
    }
    taken.add(name);
    // Founders are there from the start; the rest join faster as the deployment grows.
    const joinMs = i < FOUNDERS ? DATA_START_MS : DATA_START_MS + Math.floor(span * Math.pow(rng.next(), 0.75));
    const leaves = i >= FOUNDERS && rng.chance(0.15);
    const leaveMs = leaves ? joinMs + Math.floor((DATA_START_MS + span * 1.1 - joinMs) * (0.2 + 0.8 * rng.next())) : Infinity;
    users.push({ id: rng.hexId(), name, joinMs, leaveMs, projects: [] });
  }

  const orgs: Account[] = ORG_NAMES.map((name) => ({ id: rng.hexId(), name }));
  const projects: Project[] = [];
  const addProject = (name: string, kind: ProjectKind, owner: Account, createdMs: number, members: User[]) => {
    const index = projects.length;
    const scripts = SCRIPTS[kind];
    projects.push({
      id: rng.hexId(),
      name,
      owner,
      kind,
      createdMs,
      scripts: scripts.filter(() => rng.chance(0.6)).concat(scripts[0]!),
    });
    for (const m of members) if (!m.projects.includes(index)) m.projects.push(index);
  };

  const randomUser = () => users[rng.int(users.length)]!;
  for (const [name, kind] of PROJECT_NAMES) {
    const odd = ODD_PROJECT_NAMES.has(name);
    const copies = name === "churn-model" ? 3 : POPULAR_NAMES.has(name) ? 2 + rng.int(2) : odd ? 1 : 1 + rng.int(3);
    const owners = new Set<string>();
    for (let c = 0; c < copies * 2; c++) {
      if (projects.filter((p) => p.name === name).length >= copies) break;
      // Team projects belong to an organisation; personal ones to a user.
      const toOrg = !odd && rng.chance(0.45);
      const creator = randomUser();
      const owner: Account = toOrg ? rng.pick(orgs) : creator;
      if (owners.has(owner.id)) continue;
      owners.add(owner.id);
      const members = [creator];
      const extra = toOrg ? 3 + rng.int(10) : odd ? rng.int(2) : rng.int(4);
      for (let m = 0; m < extra; m++) members.push(randomUser());
      const createdMs = Math.max(creator.joinMs, DATA_START_MS + Math.floor(span * Math.pow(rng.next(), 0.8)));
      addProject(name, kind, owner, Math.min(createdMs, anchorMs - DAY_MS), members);
    }
  }
  // Everyone works in at least one shared project: newcomers join an existing team.
  const teamProjects = projects.map((p, i) => ({ p, i })).filter(({ p }) => orgs.includes(p.owner));
  for (const user of users) {
    const wanted = rng.chance(0.5) ? 2 : 1;
    while (user.projects.length < wanted) {
      const { i } = rng.pick(teamProjects);
      if (!user.projects.includes(i)) user.projects.push(i);
    }
  }
  // Domino gives every user a quick-start project; some keep working in it.
  for (const user of users) {
    if (rng.chance(0.3)) addProject("quick-start", "sandbox", user, user.joinMs, [user]);
  }
  for (const user of users) {
    // The first project is the main one: shuffle so it is not always the oldest.
    const j = rng.int(user.projects.length);
    const first = user.projects[0]!;
    user.projects[0] = user.projects[j]!;
    user.projects[j] = first;
  }

  // Activity: log-normal, so a few users run a large share of everything.
  const weights = users.map(() => Math.exp(1.1 * rng.normal()));
  return { users, orgs, projects, userTable: new AliasTable(weights) };
}
