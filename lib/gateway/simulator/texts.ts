import type { Project } from "./catalog";
import { isoMonth } from "./iso-time";
import type { Rng } from "./random";

/**
 * Titles and commands, shaped like what people type into Domino. A small share carry
 * the characters that break naive CSV or spreadsheet handling: commas, double quotes,
 * line breaks, non-Latin letters and a leading = + - @.
 */

export const ODD_TITLES = [
  'Retrain "churn" model, v2',
  "Quarter close\nfinance numbers",
  "=1+1",
  "+10% uplift test",
  "-- dry run --",
  "@team weekly numbers",
  "Évaluation du modèle, été",
  "数据分析 任务",
  'Say "hello", world\r\nagain',
  "=HYPERLINK(\"http://example.com\",\"click\")",
] as const;

export const ODD_COMMANDS = [
  'python run.py --name "a, b"',
  "=cmd|' /C calc'!A0",
  "Rscript -e 'cat(\"x\\n\")'",
  "python score.py --segment \"EMEA, APAC\"\n--dry-run",
  "python 分析.py --région=Île-de-France",
] as const;

const IDES = [
  ["JupyterLab", "jupyterlab"],
  ["Jupyter", "jupyter"],
  ["RStudio", "rstudio"],
  ["VS Code", "vscode"],
] as const;

const REGIONS = ["emea", "amer", "apac", "global"];

export interface RunText {
  title: string;
  command: string;
}

export function runText(runType: string, project: Project, rng: Rng, queuedMs: number): RunText {
  const script = rng.pick(project.scripts);
  const month = isoMonth(queuedMs);
  let text: RunText;
  switch (runType) {
    case "Workspace": {
      const [name, cmd] = rng.pick(IDES);
      text = { title: rng.chance(0.7) ? `${name} session` : `${name} (${project.name})`, command: cmd };
      break;
    }
    case "App":
      text = { title: `App: ${project.name}`, command: script.endsWith(".R") ? "app.R" : "app.sh" };
      break;
    case "Endpoint":
      text = { title: `Model API: ${project.name} v${1 + rng.int(12)}`, command: `model.py:predict` };
      break;
    case "Scheduled": {
      const cadence = rng.pick(["nightly", "hourly", "weekly", "daily"]);
      text = { title: `Scheduled: ${cadence} ${project.name} refresh`, command: commandFor(script, rng, month) };
      break;
    }
    case "Launcher":
      text = {
        title: `Launcher: ${rng.pick(["report generator", "what-if scenario", "score a file", "data request"])}`,
        command: `launchers/run.sh --region ${rng.pick(REGIONS)}`,
      };
      break;
    case "SSHProxy":
      text = { title: "SSH session", command: "ssh" };
      break;
    case "Other":
      text = { title: rng.pick(["Sync files", "Build environment", "Export results"]), command: "domino-sync" };
      break;
    default: {
      const command = commandFor(script, rng, month);
      const title = rng.chance(0.55)
        ? command
        : rng.pick([`Retrain ${project.name}`, `Backfill ${month}`, `Hyperparameter sweep #${1 + rng.int(40)}`, `Ad-hoc analysis`, `Score ${month} data`]);
      text = { title, command };
    }
  }
  if (rng.chance(0.01)) text.title = rng.pick(ODD_TITLES);
  if (rng.chance(0.005)) text.command = rng.pick(ODD_COMMANDS);
  return text;
}

function commandFor(script: string, rng: Rng, month: string): string {
  if (script.endsWith(".ipynb")) return `jupyter nbconvert --execute ${script}`;
  if (script.endsWith(".R")) return `Rscript ${script}`;
  if (script.endsWith(".sh")) return `bash ${script}`;
  if (script.startsWith("jobs/")) return `spark-submit ${script} --month ${month}`;
  const args = rng.pick(["", ` --epochs ${5 * (1 + rng.int(10))}`, ` --date ${month}-01`, " --full", ` --seed ${rng.int(100)}`]);
  return `python ${script}${args}`;
}
