"""Builds the respan-plan platform wheel around a prebuilt binary (scripts/package sets the inputs).

The binary is installed as a script (`respan_plan-VERSION.data/scripts/respan-plan`), so pip puts it
straight into the environment's bin/ with no Python wrapper in between. The wheel holds no Python
code and runs on any Python 3: its tag is `py3-none-PLATFORM`, where scripts/package derives
PLATFORM (manylinux_X_Y_x86_64) from the newest glibc symbol version the binary needs.

Inputs, from the environment: RESPAN_PLAN_BINARY (path of the stripped release binary),
RESPAN_PLAN_VERSION (e.g. 0.1.0), RESPAN_PLAN_PLATFORM (e.g. manylinux_2_34_x86_64).
"""
import os
import shutil

from setuptools import Command, setup
from setuptools.command.bdist_wheel import bdist_wheel
from setuptools.command.install import install


def required(name):
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"setup.py: {name} is not set (run scripts/package, which sets it)")
    return value


class install_binary(Command):
    """Copies the binary into the scripts directory of the install (the wheel's .data/scripts)."""

    description = "install the respan-plan binary"
    user_options = []

    def initialize_options(self):
        self.install_dir = None
        self.outfiles = []

    def finalize_options(self):
        self.set_undefined_options("install", ("install_scripts", "install_dir"))

    def run(self):
        os.makedirs(self.install_dir, exist_ok=True)
        target = os.path.join(self.install_dir, "respan-plan")
        shutil.copyfile(required("RESPAN_PLAN_BINARY"), target)
        os.chmod(target, 0o755)
        self.outfiles = [target]

    def get_outputs(self):
        return self.outfiles


class install_with_binary(install):
    sub_commands = install.sub_commands + [("install_binary", None)]


class platform_wheel(bdist_wheel):
    """A platform wheel for any Python 3: the binary is native, nothing in it is Python."""

    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        return "py3", "none", required("RESPAN_PLAN_PLATFORM")


setup(
    version=required("RESPAN_PLAN_VERSION"),
    cmdclass={"install": install_with_binary, "install_binary": install_binary, "bdist_wheel": platform_wheel},
)
