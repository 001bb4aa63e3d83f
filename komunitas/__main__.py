from komunitas.cli import main

main()
