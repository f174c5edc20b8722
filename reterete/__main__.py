from reterete.cli import main

main()
