import CLI

PavedCommand.main()
