#!/usr/bin/python3
# Writes resources/pydicom-oracle.tsv: what pydicom (Debian's python3-pydicom 2.3, with numpy)
# reads from each corpus file, the independent reference PydicomCorpusTest checks our reader
# against. Usage: pydicom-oracle.py CORPUS_DIR > resources/pydicom-oracle.tsv
import glob, os, sys, warnings
import pydicom
warnings.filterwarnings("ignore")
root = sys.argv[1]
print("file\ttransfer_syntax\tcolumns\trows\tphotometric\tsamples\tframes\tbits_allocated\tmin\tmax")
for path in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
    if os.path.isdir(path):
        continue
    rel = os.path.relpath(path, root)
    try:
        ds = pydicom.dcmread(path, force=False)
    except Exception as e:
        print(f"{rel}\tunreadable\t\t\t\t\t\t\t\t")
        continue
    meta = getattr(ds, "file_meta", None)
    ts = meta.get("TransferSyntaxUID", "") if meta is not None else ""
    frames = ds.get("NumberOfFrames", "")
    lo = hi = ""
    if "PixelData" in ds and ds.get("SamplesPerPixel", 1) == 1 and str(frames) in ("", "1"):
        try:
            a = ds.pixel_array
            lo, hi = int(a.min()), int(a.max())
        except Exception:
            pass
    def v(x):
        return "" if x is None else str(x)
    print(f"{rel}\t{ts}\t{v(ds.get('Columns'))}\t{v(ds.get('Rows'))}\t{v(ds.get('PhotometricInterpretation'))}"
          f"\t{v(ds.get('SamplesPerPixel'))}\t{v(frames)}\t{v(ds.get('BitsAllocated'))}\t{lo}\t{hi}")
