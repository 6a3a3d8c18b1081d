"""The Jupyter project's kernel conformance suite (jupyter_kernel_test 0.7.0) run against the course's kernel,
with samples in Java. KernelConformanceTest runs it; see README.md."""

import unittest

import jupyter_kernel_test as jkt


class CourseKernelTests(jkt.KernelTests):
    kernel_name = "dl4j-course"
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.sqr", "matches": {"sqrt("}},
        {"text": "dev.dl4jlessons.harness.NotebookR", "matches": {"NotebookRun"}},
    ]

    complete_code_samples = ["1", 'System.out.println("hello, world");', "int twice(int x) {\n    return 2 * x;\n}\n"]
    incomplete_code_samples = ["int twice(int x) {\n    return 2 * x;", 'String s = """\nunclosed']
    invalid_code_samples = ["int = 7q"]

    code_page_something = "System.out?"

    code_generate_error = 'throw new IllegalStateException("planted")'

    code_execute_result = [
        {"code": "1 + 2 + 3", "result": "6"},
        {"code": "java.util.List.of(1, 4, 9)", "result": "[1, 4, 9]"},
    ]

    code_display_data = [
        {"code": "dev.dl4jlessons.harness.Charts.show(new org.knowm.xchart.XYChart(200, 150));", "mime": "image/png"},
        {"code": 'dev.dl4jlessons.kernel.Display.show(java.util.Map.of("text/html", "<b>test</b>"));',
         "mime": "text/html"},
    ]

    code_history_pattern = "1?+*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = "dev.dl4jlessons.kernel.Display.clear(false);"


class CourseKernelWelcomeTests(jkt.IopubWelcomeTests):
    kernel_name = "dl4j-course"
    support_iopub_welcome = True


if __name__ == "__main__":
    unittest.main()
