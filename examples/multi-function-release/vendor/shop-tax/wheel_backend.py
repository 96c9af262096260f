"""A PEP 517 build backend small enough to read: it packs shop_tax/ into a pure-Python wheel,
so pip builds this package from source with no package index and no setuptools."""
import base64
import hashlib
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE, DISTRIBUTION, VERSION = "shop_tax", "shop_tax", "2.1.0"
DIST_INFO = f"{DISTRIBUTION}-{VERSION}.dist-info"
WHEEL = f"{DISTRIBUTION}-{VERSION}-py3-none-any.whl"


def _package_files():
    """The package's sources in a stable order, without bytecode caches."""
    files = []
    for folder, dirs, names in os.walk(os.path.join(HERE, PACKAGE)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            with open(path, "rb") as source:
                files.append((os.path.relpath(path, HERE).replace(os.sep, "/"), source.read()))
    return files


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = _package_files()
    files.append((f"{DIST_INFO}/METADATA", f"Metadata-Version: 2.1\nName: shop-tax\nVersion: {VERSION}\n".encode()))
    files.append((f"{DIST_INFO}/WHEEL", b"Wheel-Version: 1.0\nGenerator: wheel_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    record = "\n".join([_record_line(path, data) for path, data in files] + [f"{DIST_INFO}/RECORD,,"]) + "\n"
    files.append((f"{DIST_INFO}/RECORD", record.encode()))
    # Fixed times: the same sources always make the same wheel.
    with zipfile.ZipFile(os.path.join(wheel_directory, WHEEL), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files:
            wheel.writestr(zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return WHEEL
