"""A chat widget on shop.example for the Network group, and a visitor's way of calling its API."""

import json
from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import Skill, SkillGroup
from dispatchdesk.intake.models import ChatWidget
from tests.factories import SkillFactory

SHOP = "https://shop.example"


@pytest.fixture
def chat_skill(db: None) -> Skill:
    return SkillFactory(slug="chat", name="Chat")


@pytest.fixture
def widget(network: SkillGroup, chat_skill: Skill) -> ChatWidget:
    return ChatWidget.objects.create(
        name="Shop", allowed_origins=f"{SHOP}\nhttp://localhost:8080", group=network, skill=chat_skill
    )


class Visitor:
    """A browser on the shop's site calling the chat API (with its Origin header, as browsers send it)."""

    def __init__(self, client: Client, widget: ChatWidget, origin: str = SHOP) -> None:
        self.client, self.widget, self.origin = client, widget, origin
        self.token = ""

    def url(self, path: str) -> str:
        return f"/chat/api/{self.widget.key}/{path}"

    def session_url(self, path: str) -> str:
        return self.url(f"sessions/{self.token}/{path}")

    def post(self, url: str, body: object) -> Any:
        data = body if isinstance(body, bytes) else json.dumps(body)
        return self.client.post(url, data, content_type="application/json", headers={"Origin": self.origin})

    def get(self, url: str) -> Any:
        return self.client.get(url, headers={"Origin": self.origin})

    def start(self, message: str = "My order 1234 has not arrived.", **given: str) -> Any:
        body = {"name": "Vera Visitor", "email": "vera@visitor.example", "message": message} | given
        response = self.post(self.url("start/"), body)
        if response.status_code == 201:
            self.token = response.json()["token"]
        return response

    def say(self, message: str) -> Any:
        return self.post(self.session_url("messages/"), {"message": message})

    def read(self, after: int = 0) -> Any:
        return self.get(self.session_url(f"messages/?after={after}"))


@pytest.fixture
def visitor(client: Client, widget: ChatWidget) -> Visitor:
    return Visitor(client, widget)
