from wlnet.jupyter.kernel import main

main()
