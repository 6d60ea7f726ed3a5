"""wlnet in Jupyter: a kernel on ipykernel's machinery, its installation, and the
conversion of Mathematica notebooks to Jupyter notebooks.

    kernel      WLNetKernel: In/Out numbering shared with the session, messages on
                stderr, graphics and images as PNG and SVG display data, completion of
                names, ``?Name`` and Shift-Tab inspection
    install     ``wlnet jupyter install``: the kernel spec
    convert     ``wlnet nb2ipynb``: a .nb's Input/Code cells as code cells, its text and
                section cells as Markdown

``python -m wlnet.jupyter -f CONNECTION_FILE`` (or ``wlnet-kernel``) starts the kernel.
ipykernel is needed only here (the ``jupyter`` extra); the rest of wlnet never imports it.
"""
