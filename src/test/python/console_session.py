"""Drives `jupyter console --kernel dl4j-course` through a pseudo-terminal, as a person at a terminal would: runs a
line, recalls it with the up arrow (the kernel's history), runs it again, and exits. Prints one line per step and
exits 0 when every step did what it should. KernelConformanceTest runs it; JUPYTER_DATA_DIR names the kernelspec."""

import os
import sys

import pexpect

TIMEOUT = 180
# the console colours its prompts: any number of colour codes may stand between the characters matched
COLOUR = r"(?:\x1b\[[0-9;?]*[A-Za-z])*"


def prompt(n: int) -> str:
    return rf"In {COLOUR}\[{COLOUR}{n}{COLOUR}\]{COLOUR}: "


def out(n: int, value: str) -> str:
    return rf"Out{COLOUR}\[{COLOUR}{n}{COLOUR}\]{COLOUR}: {COLOUR}{value}"


def main() -> int:
    child = pexpect.spawn(
        "/usr/bin/jupyter",
        # the console waits 1 s for is_complete by default: too short for a JVM on a loaded machine
        ["console", "--kernel", "dl4j-course", "--ZMQTerminalInteractiveShell.kernel_is_complete_timeout=60"],
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 200),
        env={**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1"},
    )
    child.logfile_read = sys.stderr
    child.expect(prompt(1))
    child.send("int answer = 6 * 7; answer + 1")
    child.expect("answer")  # echoed: the line is typed before Enter is pressed
    child.send("\r")
    child.expect(out(1, "43"))
    print("ran a line: Out[1]: 43")
    child.expect(prompt(2))
    # the up arrow recalls the line just run, and Enter runs it again
    child.send("\x1b[A")
    child.expect("answer \\+ 1")
    child.send("\r")
    child.expect(out(2, "43"))
    print("recalled it with the up arrow and ran it again: Out[2]: 43")
    child.expect(prompt(3))
    child.send("exit\r")
    child.expect(pexpect.EOF)
    child.close()
    print(f"exited with {child.exitstatus}")
    return 0 if child.exitstatus == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
