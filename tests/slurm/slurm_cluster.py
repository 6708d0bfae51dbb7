"""A throw-away Slurm cluster for tests: munged, slurmctld and one slurmd on
127.0.0.1, with configuration, state, sockets and logs in one temporary
folder. Started as root (slurmd must be); stopped by the process ids this
module started, never by name. Debian's slurm-wlm and munge packages.

    with SlurmCluster(workdir) as c:
        jid = c.sbatch(["--wrap", "hostname"])
        c.wait_state(jid, {"COMPLETED"})
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import time


class SlurmError(RuntimeError):
    pass


def free_ports(n):
    """n TCP ports free on loopback now (bound to port 0, then released)."""
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def missing_tools():
    tools = ["munged", "slurmctld", "slurmd", "sbatch", "scontrol", "squeue", "scancel"]
    return [t for t in tools if shutil.which(t) is None and not os.path.exists("/usr/sbin/" + t)]


def _tool(name):
    return shutil.which(name) or "/usr/sbin/" + name


class SlurmCluster:
    def __init__(self, workdir, cpus=64, gpus=8, kill_wait=2):
        self.dir = os.path.abspath(workdir)
        self.cpus = cpus
        self.gpus = gpus
        self.kill_wait = kill_wait
        self.procs = []  # (name, Popen) in start order
        self.node = "fleetlp-node"
        self.env = dict(os.environ)
        self.conf = os.path.join(self.dir, "slurm.conf")
        self.env["SLURM_CONF"] = self.conf
        for k in list(self.env):
            if k.startswith("SLURM_") and k != "SLURM_CONF":
                del self.env[k]  # e.g. when the tests themselves run inside a job

    # ---- lifecycle -------------------------------------------------------
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        for sub in ("state", "spool", "log", "run", "munge"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        os.chmod(self.dir, 0o755)
        self._start_munge()
        self._write_conf()
        self._spawn("slurmctld", [_tool("slurmctld"), "-D", "-i", "-f", self.conf])
        self._wait_for(lambda: self._run(["scontrol", "ping"], check=False).returncode == 0,
                       20, "slurmctld to answer")
        self._spawn("slurmd", [_tool("slurmd"), "-D", "-N", self.node, "-f", self.conf])
        self._wait_for(self._node_ready, 30, "the node to become idle")

    def stop(self):
        # Job steps run under slurmstepd, which outlives slurmd: cancel the
        # jobs first and kill whatever still runs from this cluster's spool,
        # or a failed test leaves a requeueing job burning a core.
        try:
            if self.procs:
                self._run(["scancel", "--full", "--user", str(os.getuid())], check=False, timeout=10)
                end = time.time() + 10
                while time.time() < end and self._run(["squeue", "-h"], check=False,
                                                      timeout=10).stdout.strip():
                    time.sleep(0.2)
        except (subprocess.SubprocessError, OSError):
            pass  # a dead slurmctld: the kill below still cleans up
        self._kill_leftovers()
        for name, p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs = []

    def _kill_leftovers(self):
        """SIGKILL the batch scripts running from this cluster's spool, their
        slurmstepd parents and everything below them."""
        spool = os.path.join(self.dir, "spool")
        parent, comm, cmdline = {}, {}, {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open("/proc/%s/stat" % pid) as f:
                    stat = f.read()
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    cmdline[int(pid)] = f.read().decode(errors="replace")
            except OSError:
                continue
            comm[int(pid)] = stat[stat.index("(") + 1:stat.rindex(")")]
            parent[int(pid)] = int(stat[stat.rindex(")") + 2:].split()[1])
        doomed = {p for p, c in cmdline.items() if spool in c and p != os.getpid()}
        doomed |= {parent[p] for p in doomed if comm.get(parent[p], "").startswith("slurmstepd")}
        grew = True
        while grew:
            below = {p for p, pp in parent.items() if pp in doomed} - doomed
            grew = bool(below)
            doomed |= below
        for pid in doomed:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def log(self, name):
        path = os.path.join(self.dir, "log", name + ".log")
        try:
            with open(path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    # ---- daemons ---------------------------------------------------------
    def _spawn(self, name, argv):
        out = open(os.path.join(self.dir, "log", name + ".stdout"), "w")
        p = subprocess.Popen(argv, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
        out.close()
        self.procs.append((name, p))
        time.sleep(0.2)
        if p.poll() is not None:
            raise SlurmError("%s exited at once (status %s):\n%s" %
                             (name, p.returncode, self.log(name) + self._stdout(name)))
        return p

    def _stdout(self, name):
        try:
            with open(os.path.join(self.dir, "log", name + ".stdout"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def _start_munge(self):
        mdir = os.path.join(self.dir, "munge")
        os.chmod(mdir, 0o700)
        key = os.path.join(mdir, "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(1024))
        os.chmod(key, 0o600)
        self.munge_socket = os.path.join(mdir, "munge.socket")
        self._spawn("munged", [_tool("munged"), "-F", "--force",
                               "--socket=" + self.munge_socket, "--key-file=" + key,
                               "--pid-file=" + os.path.join(mdir, "munged.pid"),
                               "--seed-file=" + os.path.join(mdir, "munged.seed"),
                               "--log-file=" + os.path.join(self.dir, "log", "munged.log")])
        self._wait_for(lambda: os.path.exists(self.munge_socket), 10, "munged's socket")

    def _write_conf(self):
        ctl_port, d_port = free_ports(2)
        host = socket.gethostname().split(".")[0]
        d = self.dir
        lines = [
            "ClusterName=fleetlptest",
            "SlurmctldHost=%s(127.0.0.1)" % host,
            "SlurmctldPort=%d" % ctl_port,
            "SlurmdPort=%d" % d_port,
            "SlurmUser=root",
            "SlurmdUser=root",
            "AuthType=auth/munge",
            "CredType=cred/munge",
            "AuthInfo=socket=%s" % self.munge_socket,
            "StateSaveLocation=%s/state" % d,
            "SlurmdSpoolDir=%s/spool" % d,
            "SlurmctldPidFile=%s/run/slurmctld.pid" % d,
            "SlurmdPidFile=%s/run/slurmd.pid" % d,
            "SlurmctldLogFile=%s/log/slurmctld.log" % d,
            "SlurmdLogFile=%s/log/slurmd.log" % d,
            "SlurmctldDebug=info",
            "SlurmdDebug=info",
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none",
            "JobCompType=jobcomp/none",
            "MpiDefault=none",
            "SwitchType=switch/none",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_CPU",
            "SchedulerType=sched/backfill",
            "SlurmdParameters=config_overrides",
            "ReturnToService=2",
            "KillWait=%d" % self.kill_wait,
            "MinJobAge=600",
            "MessageTimeout=10",
            "SlurmdTimeout=60",
            "InactiveLimit=0",
            "JobRequeue=1",
            # Sized for the example scripts as they are (8 CPUs, 64G, one GPU a job);
            # config_overrides: slurmd believes the configuration, not the machine.
            "GresTypes=gpu",
            "NodeName=%s NodeHostname=%s NodeAddr=127.0.0.1 CPUs=%d RealMemory=262144 "
            "Gres=gpu:%d State=UNKNOWN" % (self.node, host, self.cpus, self.gpus),
            "PartitionName=test Nodes=%s Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO"
            % self.node,
        ]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        # Pretend GPUs: Slurm drops a GPU without a device file, so each gets an
        # empty file; jobs see CUDA_VISIBLE_DEVICES and nothing else.
        fake = os.path.join(self.dir, "fakegpu")
        for k in range(self.gpus):
            open("%s%d" % (fake, k), "w").close()
        with open(os.path.join(self.dir, "gres.conf"), "w") as f:
            f.write("NodeName=%s Name=gpu File=%s[0-%d]\n" % (self.node, fake, self.gpus - 1))

    def _node_ready(self):
        r = self._run(["sinfo", "-h", "-N", "-o", "%T"], check=False)
        return r.returncode == 0 and r.stdout.strip().lower().startswith("idle")

    def _wait_for(self, cond, timeout, what):
        end = time.time() + timeout
        while time.time() < end:
            for name, p in self.procs:
                if p.poll() is not None:
                    raise SlurmError("%s died (status %s) while waiting for %s:\n%s" %
                                     (name, p.returncode, what, self.log(name)[-4000:] +
                                      self._stdout(name)[-2000:]))
            if cond():
                return
            time.sleep(0.2)
        raise SlurmError("timed out waiting for %s\nslurmctld:\n%s\nslurmd:\n%s" %
                         (what, self.log("slurmctld")[-3000:], self.log("slurmd")[-3000:]))

    # ---- client commands -------------------------------------------------
    def _run(self, argv, check=True, timeout=30):
        r = subprocess.run([_tool(argv[0])] + argv[1:], env=self.env, capture_output=True,
                           text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise SlurmError("%s failed (%d): %s" % (" ".join(argv), r.returncode,
                                                      r.stderr.strip() or r.stdout.strip()))
        return r

    def sbatch(self, args, env=None):
        """Submits; returns the job id (the array's id for an array)."""
        e = dict(self.env)
        if env:
            e.update(env)
        r = subprocess.run([_tool("sbatch"), "--parsable"] + args, env=e, capture_output=True,
                           text=True, timeout=30)
        if r.returncode != 0:
            raise SlurmError("sbatch %s failed: %s" % (" ".join(args), r.stderr.strip()))
        return r.stdout.strip().split(";")[0]

    def jobs(self, jid):
        """{job id string: {field: value}} for a job or each task of an array."""
        r = self._run(["scontrol", "-o", "show", "job", jid], check=False)
        out = {}
        for line in r.stdout.splitlines():
            fields = dict(m.groups() for m in re.finditer(r"(\S+?)=(\S*)", line))
            if "JobId" in fields:
                out[fields["JobId"]] = fields
        return out

    def state(self, jid):
        j = self.jobs(jid).get(jid)
        return j["JobState"] if j else None

    def wait_state(self, jid, states, timeout=120, array=0):
        """Waits until the job (or each of the `array` tasks of an array) is in
        one of states."""
        end = time.time() + timeout
        last = None
        while time.time() < end:
            jobs = self.jobs(jid)
            if array:
                tasks = {k: v for k, v in jobs.items()
                         if v.get("ArrayJobId") == jid and v.get("ArrayTaskId", "").isdigit()}
                last = {v["ArrayTaskId"]: v["JobState"] for v in tasks.values()}
                if len(tasks) == array and all(s in states for s in last.values()):
                    return jobs
            else:
                last = jobs.get(jid, {}).get("JobState")
                if last in states:
                    return jobs[jid]
            time.sleep(0.3)
        raise SlurmError("job %s: still %s after %d s, waiting for %s\nslurmctld:\n%s" %
                         (jid, last, timeout, sorted(states), self.log("slurmctld")[-3000:]))

    def start_now(self, jid):
        """Slurm holds a requeued batch job back for 120 s (Reason=BeginTime);
        an operator may let it start at once. Not within the second of the
        requeue: slurmd revokes the old run's credential with a time in whole
        seconds, and a restart within that second is killed as "Job credential
        revoked" (seen once in a CI run: the job ended FAILED)."""
        time.sleep(2.0)
        return self._run(["scontrol", "update", "JobId=%s" % jid, "StartTime=now"])

    def scancel(self, args):
        return self._run(["scancel"] + args)
