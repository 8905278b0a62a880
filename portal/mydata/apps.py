from django.apps import AppConfig


class MyDataConfig(AppConfig):
    name = "portal.mydata"
    label = "mydata"
    verbose_name = "Your data (the data export)"
