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


CONTINUATION = rf"{COLOUR}   \.\.\.: "


def enter(child: pexpect.spawn, n: int, value: str) -> None:
    """Presses Enter, and once more on a continuation prompt (the console's own judgement of a Java line)."""
    child.send("\r")
    while child.expect([out(n, value), CONTINUATION]) == 1:
        child.send("\r")


def main() -> int:
    child = pexpect.spawn(
        "/usr/bin/jupyter",
        # Enter runs the line at once: jupyter-console 6.4.4 blocks its key handling while it waits for is_complete,
        # and on a loaded machine prompt_toolkit then fails ("generator already executing"); is_complete itself is
        # checked by jupyter_kernel_test
        ["console", "--kernel", "dl4j-course", "--ZMQTerminalInteractiveShell.use_kernel_is_complete=False"],
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 200),
        env={**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1"},
    )
    child.logfile_read = sys.stderr
    child.expect(prompt(1))
    child.send("int answer = 6 * 7; answer + 1")
    child.expect("answer")  # echoed: the line is typed before Enter is pressed
    enter(child, 1, "43")
    print("ran a line: Out[1]: 43")
    child.expect(prompt(2))
    # the up arrow recalls the line just run, and Enter runs it again
    child.send("\x1b[A")
    child.expect(rf"answer{COLOUR} {COLOUR}\+{COLOUR} {COLOUR}1")  # the line is back, coloured by the console
    enter(child, 2, "43")
    print("recalled it with the up arrow and ran it again: Out[2]: 43")
    child.expect(prompt(3))
    child.send("\x04")  # Ctrl-D on an empty line
    if child.expect([pexpect.EOF, r"exit.*\?"]) == 1:  # "Do you really want to exit ([y]/n)?"
        child.send("y\r")
        child.expect(pexpect.EOF)
    child.close()
    print(f"exited with {child.exitstatus}")
    return 0 if child.exitstatus == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
