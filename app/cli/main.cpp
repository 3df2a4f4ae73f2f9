// acklab-cli: the producer core, headless, for scripts and CI. Thin: parsing lives in Args, work in core/.
#include "Args.h"
#include "Commands.h"
#include "common/BuildInfo.h"

#include <exception>
#include <iostream>

namespace {

const char* kUsage = R"(acklab-cli — Kafka producer reliability workbench (headless)

usage:
  acklab-cli run      [--embedded N | --bootstrap HOSTS | --local] [--profile NAME|FILE] [-X key=value]...
                      [--topic T] [--partitions P] [--messages N | --duration SECONDS] [--rate MSGS_PER_S]
                      [--size BYTES | --template task.created|JSON] [--keys none|sequential|random] [--key-space K]
                      [--fault SPEC]... [--dlq-topic T] [--dlq-file F] [--audit] [--e2e [--e2e-grace DURATION]]
                      [--report FILE.json] [--csv FILE]
                      [--fail-on CONDITION]... [--drain-timeout DURATION] [--interval MS] [--quiet]
                      transactions (a profile with transactional.id, e.g. --profile transactional, or these flags):
                      [--txn-messages N | --txn-duration DURATION] [--txn-topics T1,T2,...]
                      [--abort-every N | --abort-share X] [--txn-rebuild]
  acklab-cli compare  --profiles A,B,...  (same flags as run; each profile over the same traffic and faults)
  acklab-cli scenario FILE.json [--report FILE.json] [--html FILE.html] [--csv FILE]
  acklab-cli monitor  [--embedded N | --bootstrap HOSTS | --local] [--rate R] [--metrics 127.0.0.1:PORT]
                      [--profile P] [-X key=value]... [--topic T] [--report FILE.json] [--duration D] [--e2e-grace D] [--serve-after-stop D]
                      [--availability-threshold D]
                      (until SIGINT/SIGTERM: rolling 1m/5m/1h availability, e2e/delivery latency, loss, duplicates)
  acklab-cli diagnose --local | --bootstrap HOSTS | --embedded N [--topic T] [--dlq-topic T] [--profile P]
                      [-X key=value]... [--security key=value]... [--size BYTES] [--timeout MS] [--json]
                      [--probe-transactional-id]  (asks InitProducerId with the profile's transactional.id:
                      fences a producer running with it)
                      (what will make this producer fail here; exit 1 when a failure is predicted)
  acklab-cli advise   --latency-ms MS --loss none|0.1%|any --duplicates ok|no --rate MSGS_PER_S [--brokers N]
                      [--idempotent-consumers] [--ordered] [--name NAME] [--save FILE] [--json]
                      [--verify --local | --embedded N | --bootstrap HOSTS [--duration D]]
                      (a recommended profile with the reason per setting; --verify: exit 1 if the requirement failed)
  acklab-cli profile  validate|show|export FILE|NAME [-X key=value]... [--format json|properties|python]
  acklab-cli profile  list
  acklab-cli cluster  up|down|status [--state-dir DIR]
  acklab-cli cluster  serve --embedded N [--topic T] [--partitions P] [--dlq-topic T] [--rtt MS] [--fault SPEC]...
                      [--for D]   (prints the bootstrap servers, serves until SIGINT/SIGTERM or --for)
  acklab-cli export   --lang python|java|go [--profile NAME|FILE] [-X key=value]... [--topic T] [--dlq-topic T]
                      [--bootstrap HOSTS] [--count N] [--size BYTES] [--rate R] [--max-attempts N] [-o FILE|DIR]
                      (a runnable producer: the profile's settings, AckLab's error classes, DLQ envelope)
  acklab-cli dlq      list|show|redrive ...   (acklab-cli dlq --help)
  acklab-cli --version                         (version, git description, librdkafka, data folder)

fault specs (--fault, repeatable; at= from the run's start, for= ends it by itself):
  down broker=2 at=1s for=3s         rtt broker=1 ms=50 at=0s        error code=NOT_ENOUGH_REPLICAS count=5 at=0s
  leader partition=0 broker=3 at=2s  kill|stop|cont|restart broker=2 at=1s   (local Kafka)
  broker=leader names the node leading partition 0 of the run's topic.
  abort at=2s    zombie at=2s        (transactional runs, any cluster: the producer aborts its open transaction /
                                      a second producer with the same transactional.id fences it)

transactions: --txn-messages N events per transaction (or --txn-duration: commit every DURATION); each event is
  written to every topic of --txn-topics in the same transaction (first = the run's topic; e.g.
  task-created,audit-log); --abort-every N aborts every Nth transaction, --abort-share X that share of them;
  --txn-rebuild replaces a fenced producer and carries on. With --audit every topic is read back with
  read_committed and read_uncommitted (report: transactions{...}, audit.read_committed / audit.read_uncommitted).

exit status: 0 completed, 1 a --fail-on condition held, 2 bad input, 3 cluster unreachable,
             4 runtime failure (the run could not start or finish, a report could not be written)
)";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? acklab::cli::kBadInput : acklab::cli::kOk;
    }
    const std::string cmd = args[0];
    args.erase(args.begin());
    try {
        if (cmd == "run") return acklab::cli::runCommand(args, false);
        if (cmd == "compare") return acklab::cli::runCommand(args, true);
        if (cmd == "profile") return acklab::cli::profileCommand(args);
        if (cmd == "cluster") return acklab::cli::clusterCommand(args);
        if (cmd == "dlq") return acklab::cli::dlqCommand(args);
        if (cmd == "scenario") return acklab::cli::scenarioCommand(args);
        if (cmd == "monitor") return acklab::cli::monitorCommand(args);
        if (cmd == "export") return acklab::cli::exportCommand(args);
        if (cmd == "diagnose") return acklab::cli::diagnoseCommand(args);
        if (cmd == "advise") return acklab::cli::adviseCommand(args);
        if (cmd == "--version") {
            std::cout << acklab::BuildInfo::versionText("acklab-cli");
            return 0;
        }
        std::cerr << "acklab-cli: unknown command '" << cmd << "' (run, compare, scenario, monitor, diagnose, advise, export, profile, cluster, dlq)\n";
        return acklab::cli::kBadInput;
    } catch (const acklab::cli::UsageError& e) {
        std::cerr << "acklab-cli " << cmd << ": " << e.what() << "\n";
        return acklab::cli::kBadInput;
    } catch (const std::exception& e) {
        std::cerr << "acklab-cli " << cmd << ": " << e.what() << "\n";
        return acklab::cli::exitStatusFor(e);
    }
}
