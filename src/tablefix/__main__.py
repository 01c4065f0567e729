from tablefix.cli import main

main()
